import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { readSmallFile } from '../../../src/storage/readSmallFile.js';
import { makeTempDir } from '../../support/tempDir.js';

describe('readSmallFile', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  const sizes: [string, string][] = [
    ['an empty file', ''],
    ['a typical state item', JSON.stringify({ note: '社保卡'.repeat(150) })],
    ['a file of exactly one read (16 KB)', 'x'.repeat(16 * 1024)],
    ['a file bigger than one read, with multi-byte characters across the boundary', `${'a'.repeat(16 * 1024 - 1)}${'社'.repeat(30_000)}`],
  ];
  for (const [what, text] of sizes) {
    it(`reads ${what} exactly`, async () => {
      const file = path.join(temp.path, 'item.json');
      await writeFile(file, text);
      expect(await readSmallFile(file)).to.equal(text);
    });
  }

  it('answers undefined for a file that does not exist', async () => {
    expect(await readSmallFile(path.join(temp.path, 'missing.json'))).to.equal(undefined);
  });

  it('rejects with the cause for anything else, e.g. a directory', async () => {
    const directory = path.join(temp.path, 'folder.json');
    await mkdir(directory);
    let error: unknown;
    await readSmallFile(directory).catch((caught: unknown) => (error = caught));
    expect((error as NodeJS.ErrnoException).code).to.equal('EISDIR');
  });
});

import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { LowdbStorage } from '../../../src/storage/lowdbStorage.js';
import { makeTempDir } from '../../support/tempDir.js';
import { capturingLogger, silentLogger } from '../../support/silentLogger.js';
import { describeStorageContract } from './storageContract.js';

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
describeStorageContract('LowdbStorage', {
  async open() {
    dir ??= await makeTempDir();
    return LowdbStorage.open({ directory: dir.path, logger: silentLogger });
  },
  async cleanup() {
    await dir?.remove();
    dir = undefined;
  },
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const openStoreScript = fileURLToPath(new URL('../../support/openLowdbStore.js', import.meta.url));

function runChild(directory: string): Promise<{ code: number | null; output: string; kill(): void; opened: Promise<void> }> {
  const child = spawn(process.execPath, [openStoreScript, directory], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('opened')) markOpened();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Promise.resolve({
    get code() {
      return child.exitCode;
    },
    get output() {
      return output;
    },
    kill: () => child.kill('SIGKILL'),
    opened,
    exited: new Promise((resolve) => child.on('exit', resolve)),
  } as { code: number | null; output: string; kill(): void; opened: Promise<void>; exited: Promise<unknown> });
}

describe('LowdbStorage on disk', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('keeps each item in its own small file, with no temporary files left behind', async () => {
    const store = await LowdbStorage.open({ directory: temp.path, logger: silentLogger });
    await Promise.all(Array.from({ length: 50 }, (_, index) => store.write({ [`key-${index}`]: { index } })));
    await store.close();
    const files = (await listFiles(temp.path)).filter((file) => file.includes('items-v1'));
    expect(files).to.have.length(50);
    expect(files.filter((file) => file.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('refuses a second process pointed at the same STATE_PATH, with a clear message', async () => {
    const store = await LowdbStorage.open({ directory: temp.path, logger: silentLogger });
    try {
      const child = (await runChild(temp.path)) as unknown as { output: string; exited: Promise<unknown>; code: number | null };
      await child.exited;
      expect(child.code).to.equal(3);
      expect(child.output).to.match(/STATE_PATH .* is in use by process \d+/);
    } finally {
      await store.close();
    }
  });

  it('takes over the lock of a process that was killed, without waiting for it to go stale', async () => {
    const child = (await runChild(temp.path)) as unknown as { opened: Promise<void>; kill(): void; exited: Promise<unknown> };
    await child.opened;
    child.kill();
    await child.exited;
    const store = await LowdbStorage.open({ directory: temp.path, logger: silentLogger });
    await store.write({ after: { ok: true } });
    expect((await store.read(['after'])).after?.ok).to.equal(true);
    await store.close();
  });

  it('moves a corrupt file aside with a logged error instead of treating it as empty silently', async () => {
    const { logger, lines } = capturingLogger('error');
    const writer = await LowdbStorage.open({ directory: temp.path, logger });
    await writer.write({ item: { count: 1 } });
    await writer.close();
    const [file] = (await listFiles(temp.path)).filter((name) => name.includes('items-v1'));
    if (!file) throw new Error('the item file was not written');
    // Damaged while no bot ran (an open store answers its own recent items from memory).
    await writeFile(file, '{"key": "item", "eTag": "x", "val');
    const store = await LowdbStorage.open({ directory: temp.path, logger });
    expect(await store.read(['item'])).to.deep.equal({});
    const aside = (await listFiles(path.join(temp.path, 'corrupt')))[0];
    expect(aside, 'the corrupt file is kept for inspection').to.be.a('string');
    expect(await readFile(aside ?? '', 'utf8')).to.include('"val');
    expect(lines.some((line) => line.msg === 'corrupt state file moved aside')).to.equal(true);
    await store.close();
  });
});

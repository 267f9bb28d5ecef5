import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { loadCatalog, placeholdersOf } from '../../../src/i18n/catalog.js';
import { SUPPORTED_LOCALES } from '../../../src/locale.js';
import { localesDir } from '../../../src/paths.js';
import { makeTempDir } from '../../support/tempDir.js';

async function readAreas(locale: string): Promise<Record<string, Record<string, string>>> {
  const folder = path.join(localesDir, locale, 'strings');
  const areas: Record<string, Record<string, string>> = {};
  for (const file of (await readdir(folder)).filter((name) => name.endsWith('.json'))) {
    areas[file] = JSON.parse(await readFile(path.join(folder, file), 'utf8')) as Record<string, string>;
  }
  return areas;
}

describe('string catalogs', () => {
  it('have the same files, keys and placeholders in every locale', async () => {
    const [reference, ...others] = await Promise.all(SUPPORTED_LOCALES.map(readAreas));
    for (const [index, other] of others.entries()) {
      const locale = SUPPORTED_LOCALES[index + 1];
      expect(Object.keys(other!).sort(), `string files of ${locale}`).to.deep.equal(Object.keys(reference!).sort());
      for (const [file, strings] of Object.entries(reference!)) {
        expect(Object.keys(other![file]!).sort(), `keys of ${locale}/${file}`).to.deep.equal(Object.keys(strings).sort());
        for (const [key, text] of Object.entries(strings)) {
          expect(placeholdersOf(other![file]![key]!), `placeholders of ${file} ${key}`).to.deep.equal(placeholdersOf(text));
        }
      }
    }
  });

  it('load, and fill placeholders', () => {
    const catalog = loadCatalog();
    expect(catalog.has('core.welcome')).to.equal(true);
    expect(catalog.t('zh-CN', 'core.welcome')).to.match(/社保助手/);
  });

  it('refuse to load when a key is missing in one locale, naming the key', async () => {
    const temp = await makeTempDir();
    try {
      for (const locale of SUPPORTED_LOCALES) await mkdir(path.join(temp.path, locale, 'strings'), { recursive: true });
      await writeFile(path.join(temp.path, 'zh-CN', 'strings', 'core.json'), JSON.stringify({ a: '甲', b: '乙' }));
      await writeFile(path.join(temp.path, 'en-US', 'strings', 'core.json'), JSON.stringify({ a: 'A' }));
      expect(() => loadCatalog(temp.path)).to.throw(/core\.b.*missing in en-US/);
    } finally {
      await temp.remove();
    }
  });

  it('refuse to load when placeholders differ between locales', async () => {
    const temp = await makeTempDir();
    try {
      for (const locale of SUPPORTED_LOCALES) await mkdir(path.join(temp.path, locale, 'strings'), { recursive: true });
      await writeFile(path.join(temp.path, 'zh-CN', 'strings', 'core.json'), JSON.stringify({ due: '截止日期：{date}' }));
      await writeFile(path.join(temp.path, 'en-US', 'strings', 'core.json'), JSON.stringify({ due: 'Deadline: {day}' }));
      expect(() => loadCatalog(temp.path)).to.throw(/core\.due.*different placeholders/);
    } finally {
      await temp.remove();
    }
  });
});

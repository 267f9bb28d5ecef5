import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { localesDir } from '../paths.js';
import { SUPPORTED_LOCALES, type Locale } from '../locale.js';

export type Params = Readonly<Record<string, string | number>>;

/** The one place dialogs and services get user-visible text from. */
export interface Catalog {
  /** The string `key` in `locale`, with `{name}` placeholders filled from `params`. */
  t(locale: Locale, key: string, params?: Params): string;
  /** Whether `key` exists (in every locale: parity is checked when the catalog loads). */
  has(key: string): boolean;
}

const StringsFileSchema = z.record(z.string(), z.string().min(1));

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholder names used in a template, sorted: the parity check compares them across locales. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}

/** Reads and validates `locales/<locale>/<file>` for every locale. */
export function readLocaleFiles<T>(file: string, schema: z.ZodType<T>, dir = localesDir): Record<Locale, T> {
  const out = {} as Record<Locale, T>;
  for (const locale of SUPPORTED_LOCALES) {
    const filePath = path.join(dir, locale, file);
    const parsed = schema.safeParse(JSON.parse(readFileSync(filePath, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${filePath}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    out[locale] = parsed.data;
  }
  return out;
}

/**
 * Reads every `locales/<locale>/strings/<area>.json`; a key `done` in `flows.json` is `flows.done`.
 * One file per feature area keeps unrelated edits apart.
 */
function readStrings(dir: string): Record<Locale, Record<string, string>> {
  const out = {} as Record<Locale, Record<string, string>>;
  for (const locale of SUPPORTED_LOCALES) {
    const folder = path.join(dir, locale, 'strings');
    const merged: Record<string, string> = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
      const filePath = path.join(folder, file);
      const parsed = StringsFileSchema.safeParse(JSON.parse(readFileSync(filePath, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${filePath}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      }
      const area = path.basename(file, '.json');
      for (const [key, value] of Object.entries(parsed.data)) merged[`${area}.${key}`] = value;
    }
    out[locale] = merged;
  }
  return out;
}

/** Loads the string catalogs of every locale, refusing one whose keys or placeholders differ between locales. */
export function loadCatalog(dir = localesDir): Catalog {
  const strings = readStrings(dir);
  const [first, ...rest] = SUPPORTED_LOCALES;
  for (const locale of rest) {
    for (const key of new Set([...Object.keys(strings[first]), ...Object.keys(strings[locale])])) {
      const a = strings[first][key];
      const b = strings[locale][key];
      if (a === undefined || b === undefined) throw new Error(`locales: key "${key}" is missing in ${a === undefined ? first : locale}`);
      if (placeholdersOf(a).join() !== placeholdersOf(b).join()) {
        throw new Error(`locales: key "${key}" has different placeholders in ${first} and ${locale}`);
      }
    }
  }
  return {
    t(locale, key, params) {
      const template = strings[locale][key];
      if (template === undefined) throw new Error(`No string "${key}" in locales/${locale}/strings/`);
      return params ? template.replace(PLACEHOLDER, (whole, name: string) => String(params[name] ?? whole)) : template;
    },
    has(key) {
      return strings[first][key] !== undefined;
    },
  };
}

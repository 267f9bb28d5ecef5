import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: this file compiles to dist/src/paths.js, two levels below it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the string catalogs and knowledge-base data live. */
export const localesDir = path.join(projectRoot, 'locales');

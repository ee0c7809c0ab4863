import { extname, resolve } from 'node:path';

/** True when running the compiled JavaScript under dist/, false under a TypeScript runner (tests). */
export const compiled = extname(__filename) === '.js';
/** The repository's root folder, from either layout. */
export const projectRoot = resolve(__dirname, compiled ? '../..' : '..');
export const schemaDir = resolve(projectRoot, 'schema');

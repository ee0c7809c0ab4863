// jose ships only ES modules; Jest needs CommonJS. Compiled like our decorated classes (useDefineForClassFields: false)
// its error classes break, and every refused token would say "it could not be verified": jose keeps standard fields.
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, allowJs: true, useDefineForClassFields: true, inlineSourceMap: true };

module.exports = {
  process: (source, fileName) => ({ code: ts.transpileModule(source, { compilerOptions, fileName }).outputText }),
  getCacheKey: (source, fileName) => createHash('sha256').update(`${ts.version}\0${fileName}\0${source}`).digest('hex'),
};

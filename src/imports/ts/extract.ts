import type ts from 'typescript';

export type TsImportKind = 'import' | 'require' | 'dynamic-import';

export interface TsImport {
  readonly specifier: string;
  /** UTF-16 offset of the specifier's first character, inside the quotes. */
  readonly start: number;
  readonly kind: TsImportKind;
}

export interface TsFileImports {
  readonly imports: TsImport[];
  /** `declare module 'x'` / `declare module '*.svg'` names the file declares. */
  readonly ambientModules: string[];
}

const isIdentifierChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;

/** The word before the string literal at `quote`, skipping blanks and one `(`: `require`, `import`, `module`, `from`... */
function wordBefore(text: string, quote: number): { word: string; call: boolean } {
  let i = quote - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  const call = text[i] === '(';
  if (call) {
    i--;
    while (i >= 0 && /\s/.test(text[i])) i--;
  }
  const end = i + 1;
  while (i >= 0 && isIdentifierChar(text.charCodeAt(i))) i--;
  return { word: text.slice(i + 1, end), call };
}

/**
 * Imports, export-froms, `require()`, `import x = require()` and literal `import()` calls, found by TypeScript's
 * pre-processor: a scanner pass, far cheaper than a parse. In a module file, `declare module 'x'` comes back as an
 * import (an augmentation); it declares a module rather than needing one, so it is reported as ambient.
 */
export function extractTsImports(typescript: typeof ts, text: string): TsFileImports {
  const info = typescript.preProcessFile(text, true, true);
  const imports: TsImport[] = [];
  const ambientModules = info.ambientExternalModules ? [...info.ambientExternalModules] : [];
  for (const reference of info.importedFiles) {
    const { word, call } = wordBefore(text, reference.pos);
    if (word === 'module' && !call) {
      ambientModules.push(reference.fileName);
      continue;
    }
    const kind: TsImportKind = !call ? 'import' : word === 'require' ? 'require' : word === 'import' ? 'dynamic-import' : 'import';
    imports.push({ specifier: reference.fileName, start: reference.pos + 1, kind });
  }
  return { imports, ambientModules };
}

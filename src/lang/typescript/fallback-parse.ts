import type * as TS from 'typescript';
import { LineIndex } from '../../findings/positions.js';
import { loadTypeScript } from './compiler.js';

/**
 * TypeScript's own parser, for the files tree-sitter's grammar rejects. tree-sitter-typescript 0.23.2 (the newest on
 * npm) fails on valid code such as `importOriginal<typeof import('./m')>()` and `` sql<Row[]>`…` ``
 * (tree-sitter/tree-sitter-typescript#367, #341), so a tree-sitter error alone never makes a file an error: only
 * TypeScript's verdict does.
 *
 * The compiler is required on first need, synchronously (analyzers are synchronous) and only then: it takes a few
 * hundred milliseconds to load, which a scan whose files all parse never pays.
 */

export interface TypeScriptParse {
  readonly ts: typeof TS;
  readonly sourceFile: TS.SourceFile;
  /** Resolves names within this one file (no libraries, no imports followed); built on first call, since binding costs. */
  readonly checker: () => TS.TypeChecker;
}

/** `syntax error at line L, column C`, or the file's syntax tree and a checker over it when TypeScript accepts it. */
export function parseWithTypeScript(fileName: string, text: string): { readonly error: string } | TypeScriptParse {
  const ts = loadTypeScript();
  // The script kind follows the extension (.tsx/.jsx/.js allow JSX, .ts reads `<T>x` as a cast). JSDoc is not parsed:
  // its errors are never syntax errors, and a match inside it is a comment either way.
  const sourceFile = ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true);
  const host: TS.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: () => undefined,
  };
  const options: TS.CompilerOptions = { noLib: true, noResolve: true, allowJs: true, types: [], jsx: ts.JsxEmit.Preserve, noEmit: true };
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  // Syntactic diagnostics are the parser's, plus, in JS files, TypeScript-only syntax (`x: string` in a .js file).
  const [first] = program.getSyntacticDiagnostics(sourceFile);
  if (first) {
    const { line, column } = new LineIndex(text).position(first.start ?? 0);
    return { error: `syntax error at line ${line}, column ${column}` };
  }
  let checker: TS.TypeChecker | undefined;
  return { ts, sourceFile, checker: () => (checker ??= program.getTypeChecker()) };
}

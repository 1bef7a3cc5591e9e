/**
 * Words a new name must not be, by language. Hand-written: each list is fixed by its language's specification, and
 * loading the TypeScript compiler (to read its token table) would cost every command a third of a second.
 * test/config/reserved-words.test.ts compares them with TypeScript's scanner and Python's `keyword` module.
 */

/**
 * ECMAScript ReservedWord (https://tc39.es/ecma262/#sec-keywords-and-reserved-words), plus the words strict mode
 * reserves: ES modules, classes and TypeScript files are strict, where `let`, `static`, `implements`... cannot name a
 * binding, `await` is reserved in modules, and `arguments`/`eval` cannot be declared.
 */
export const JS_RESERVED: ReadonlySet<string> = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new',
  'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'yield',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static',
  'arguments', 'eval',
]);

/**
 * Python's hard keywords (`keyword.kwlist`, https://docs.python.org/3/reference/lexical_analysis.html#keywords).
 * The soft keywords `match`, `case`, `type` and `_` stay valid names (PEP 634, PEP 695), so they are allowed.
 */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

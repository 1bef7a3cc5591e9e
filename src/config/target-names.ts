import { statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Kind } from '../findings/model.js';
import { languageOfFile } from '../lang/registry.js';
import { applyCase, splitWords, type Rename } from '../words/index.js';
import { JS_RESERVED, PYTHON_KEYWORDS } from './reserved-words.js';

/** The code languages whose identifiers a plan can write. */
export type CodeLanguage = 'javascript' | 'python';

const RULES: Readonly<Record<CodeLanguage, { readonly name: string; readonly reserved: ReadonlySet<string>; readonly identifier: RegExp }>> = {
  // https://tc39.es/ecma262/#prod-IdentifierName
  javascript: { name: 'TypeScript/JavaScript', reserved: JS_RESERVED, identifier: /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u },
  // https://docs.python.org/3/reference/lexical_analysis.html#identifiers
  python: { name: 'Python', reserved: PYTHON_KEYWORDS, identifier: /^[\p{XID_Start}_][\p{XID_Continue}]*$/u },
};

/** Kinds that write the new name as code; strings, comments, SQL and other text files do not. */
const IDENTIFIER_KINDS: ReadonlySet<Kind> = new Set(['parameter', 'variable', 'function', 'class', 'type', 'property', 'member', 'keyword-argument', 'import', 'export']);

const codeLanguageOf = (file: string): CodeLanguage | undefined => {
  const language = languageOfFile(file);
  return language === 'typescript' || language === 'javascript' ? 'javascript' : language === 'python' ? 'python' : undefined;
};

/** The extensions a glob's last segment ends with (`**\/*.py`, `src/*.{ts,tsx}`); undefined when it names none. */
function globExtensions(glob: string): string[] | undefined {
  const found = /\.(?:\{([^{}/]+)\}|([\w]+))$/.exec(glob);
  if (!found) return undefined;
  return found[1] !== undefined ? found[1].split(',').map((ext) => ext.trim().replace(/^\./, '')) : [found[2]];
}

/**
 * The code languages a plan can write identifiers in. Every one of them (TypeScript/JavaScript and Python) unless
 * the plan says otherwise: no identifier kind in `kinds` (only strings, comments, SQL, text) writes none; path
 * arguments that are all files, or `include` globs that all end in an extension, narrow it to their languages.
 */
export function planLanguages(kinds: ReadonlySet<Kind>, paths: readonly string[], include: readonly string[]): CodeLanguage[] {
  if (![...kinds].some((kind) => IDENTIFIER_KINDS.has(kind))) return [];
  let languages = new Set<CodeLanguage>(['javascript', 'python']);
  const narrow = (named: Iterable<CodeLanguage | undefined>) => {
    const set = new Set([...named].filter((language): language is CodeLanguage => language !== undefined));
    languages = new Set([...languages].filter((language) => set.has(language)));
  };
  if (paths.length > 0 && paths.every((file) => languageOfFile(file) !== undefined && statSync(file, { throwIfNoEntry: false })?.isFile())) {
    narrow(paths.map(codeLanguageOf));
  }
  const globs = include.filter((glob) => !glob.startsWith('!')).map(globExtensions);
  if (globs.length > 0 && globs.every((extensions) => extensions !== undefined)) {
    narrow(globs.flat().map((extension) => codeLanguageOf(`x.${extension}`)));
  }
  return [...languages];
}

/** The ways apply can write a new name standing alone: snake_case, camelCase, PascalCase, SCREAMING_SNAKE_CASE. */
function spellings(words: readonly string[]): { readonly text: string; readonly style: string }[] {
  const [first, ...rest] = words;
  const capitalised = rest.map((word) => applyCase(word, 'capital'));
  return [
    { text: words.join('_'), style: 'snake_case' },
    { text: first + capitalised.join(''), style: 'camelCase' },
    { text: applyCase(first, 'capital') + capitalised.join(''), style: 'PascalCase' },
    { text: words.map((word) => applyCase(word, 'upper')).join('_'), style: 'SCREAMING_SNAKE_CASE' },
  ];
}

const listNames = (names: readonly string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]);

/**
 * A new name apply could write: letters, digits, `_` and `-` only; in every language the plan touches, a valid
 * identifier and no reserved word in any of the styles it takes. `where` names the flag or config key.
 */
export function checkNewName(to: string, where: string, languages: readonly CodeLanguage[]): void {
  if (!/^[\p{L}\p{N}_-]+$/u.test(to)) throw new UsageError(`${where}: "${to}" is not a name (letters, digits, "_" and "-" only)`);
  const words = splitWords(to);
  if (words.length === 0) throw new UsageError(`${where}: "${to}" has no words to match`);
  const forms = spellings(words);
  const invalid = languages.filter((language) => forms.some((form) => !RULES[language].identifier.test(form.text)));
  if (invalid.length > 0) {
    const why = /^\p{N}/u.test(words[0]) ? ' (it starts with a digit)' : '';
    throw new UsageError(`${where}: "${to}" is not a valid identifier in ${listNames(invalid.map((language) => RULES[language].name))}${why}`);
  }
  for (const form of forms) {
    const reservedIn = languages.filter((language) => RULES[language].reserved.has(form.text));
    if (reservedIn.length === 0) continue;
    const inLanguages = listNames(reservedIn.map((language) => RULES[language].name));
    if (form.text === to) throw new UsageError(`${where}: "${to}" is a reserved word in ${inLanguages}`);
    throw new UsageError(`${where}: "${to}" would be written "${form.text}" (${form.style}), a reserved word in ${inLanguages}`);
  }
}

/** A rename whose two names have the same words changes nothing: renamer keeps each site's style. */
export function checkRename(rename: Rename, where: string): void {
  if (rename.to !== undefined && splitWords(rename.from).join(' ') === splitWords(rename.to).join(' ')) {
    throw new UsageError(`${where}: "${rename.from}" and "${rename.to}" are the same name (renamer keeps each site's style); nothing to rename`);
  }
}

import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import { DUNDER } from './collisions.js';

/**
 * External contracts that syntax alone can recognise (CONTRACT.md: "Strings that are external contracts … are listed,
 * not rewritten"): names whose spelling someone outside the project relies on. Pure functions over paths and
 * tree-sitter trees (TypeScript, TSX or Python grammars); strings an engine sees flowing into a dependency's API are
 * the engine's to report. Storage keys the project builds itself (`import_session_${id}`, `setItem('session_id')`)
 * are not contracts: the project reads them back with the same code.
 */

/** Folders whose files the framework turns into routes: Next.js `pages/`, `app/`; Remix, SvelteKit, TanStack `routes/`. */
const ROUTE_ROOT = /(?:^|\/)(pages|app|routes)\//;
/** `[sessionId]`, `[...slug]`, `[[...slug]]` (Next.js), `[id=integer]` (a SvelteKit matcher). */
const BRACKET_SEGMENT = /\[\[?(?:\.\.\.)?([A-Za-z_$][\w$]*)(?:=\w+)?\]\]?/g;
/** Remix and TanStack: `$sessionId` and the optional `($lang)`, as a folder or a dot-separated part of a file name. */
const DOLLAR_SEGMENT = /^\(?\$([A-Za-z_]\w*)\)?$/;

function segmentsOf(file: string, into: Set<string>): Set<string> {
  const normalized = file.replace(/\\/g, '/');
  const root = ROUTE_ROOT.exec(normalized);
  if (!root || /(?:^|\/)node_modules\//.test(normalized)) return into;
  const parts = normalized.slice(root.index + root[0].length).split('/');
  const dollars = root[1] === 'routes' || parts.includes('routes');
  parts.forEach((part, index) => {
    const name = index === parts.length - 1 ? part.replace(/\.[^.]+$/, '') : part;
    for (const match of name.matchAll(BRACKET_SEGMENT)) into.add(match[1]);
    if (dollars) {
      for (const piece of name.split('.')) {
        const dollar = DOLLAR_SEGMENT.exec(piece);
        if (dollar) into.add(dollar[1]);
      }
    }
  });
  return into;
}

/** The dynamic segment names of the file-system routes among `files` (paths with `/`, relative or absolute). */
export function routeSegments(files: readonly string[]): Set<string> {
  const segments = new Set<string>();
  for (const file of files) segmentsOf(file, segments);
  return segments;
}

export interface ContractQuery {
  /** The reference's span in the file's text (UTF-16 offsets, as the scan reports them), end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The file's path with `/`, relative to the project root or absolute: its own route segments come from it. */
  readonly path: string;
  /** The file's tree-sitter tree. */
  readonly tree: Tree;
  /** routeSegments() of the run's files. */
  readonly routeSegments: ReadonlySet<string>;
  /**
   * For a Python file: the identifiers of the run's Python code that hold the family. A camel- or Pascal-case word
   * of a Python string that is none of them is another system's spelling; without the set, that rule is off.
   */
  readonly pythonNames?: ReadonlySet<string>;
  /**
   * For a TypeScript/JavaScript file: the whole words of the run's Python and SQL that hold the family. A snake_case
   * member or key of TypeScript that is none of them is another system's spelling; without the set, that rule is off.
   */
  readonly snakeNames?: ReadonlySet<string>;
}

/** `X-Session-Id`, `Mcp-Session-Id`, `X-API-Key`: hyphenated capitalised words, as HTTP header names are written. */
const HEADER_CASE = /^[A-Z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)+$/;
/** `x-session-id`: the `x-` prefix marks an HTTP header whatever its case. */
const X_HEADER = /^x-[a-z0-9]+(?:-[a-z0-9]+)*$/i;
const LOWER_HYPHENATED = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
/** `$session_id`, `$sessionId`: a key a third-party API reserves (PostHog's `$session_id`, MongoDB's `$set`). */
const RESERVED_KEY = /^\$[A-Za-z_][\w]*$/;
/** Path segments in a route string: `[sessionId]`, `[...slug]`, `:sessionId`, Remix route ids' `$sessionId`. */
const PATH_SEGMENT = /\[\[?(?:\.\.\.)?([A-Za-z_$][\w$]*)\]\]?|(?<=[/.]):([A-Za-z_]\w*)|(?<=[/.])\$([A-Za-z_]\w*)/g;

const HEADER_METHODS = new Set(['setHeader', 'getHeader', 'hasHeader', 'removeHeader', 'header', 'set', 'get', 'has', 'append', 'delete']);
const PARAM_READERS = new Set(['get', 'getAll', 'has']);
/** Hooks whose result holds route parameters or the query string (Next.js, React Router, Remix, Expo Router). */
const ROUTE_HOOKS = new Set(['useParams', 'useSearchParams', 'useLocalSearchParams', 'useGlobalSearchParams']);
const ROUTE_OBJECTS = new Set(['query', 'params', 'searchParams']);
const WRAPPERS = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** The string literal a node stands in and its content (TypeScript strings and plain templates, Python strings). */
function literalOf(node: SyntaxNode): { literal: SyntaxNode; content: string } | undefined {
  const literal = node.type === 'string_fragment' || node.type === 'string_content' || node.type === 'escape_sequence' ? node.parent : node;
  if (!literal || (literal.type !== 'string' && literal.type !== 'template_string')) return undefined;
  if (literal.namedChildren.some((child) => child.type === 'template_substitution' || child.type === 'interpolation')) return undefined;
  const parts = literal.namedChildren.filter((child) => child.type === 'string_content' || child.type === 'string_fragment' || child.type === 'escape_sequence');
  return { literal, content: parts.length > 0 ? parts.map((part) => part.text).join('') : literal.text.replace(/^[^'"`]*(['"`]+)([\s\S]*?)\1$/, '$2') };
}

/** The expression inside `(x)`, `await x`, `x as T`, `x satisfies T`, `x!`, `<T>x`. */
const unwrap = (node: SyntaxNode | null): SyntaxNode | null => {
  let current = node;
  while (current && WRAPPERS.has(current.type)) current = current.type === 'type_assertion' ? current.lastNamedChild : current.firstNamedChild;
  return current;
};

const calleeName = (call: SyntaxNode): string | undefined => {
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : callee?.childForFieldName('property')?.text ?? callee?.childForFieldName('attribute')?.text;
};

/** An object a string key is read from or written to that holds HTTP headers: `headers`, `req.headers`, `new Headers()`. */
function isHeadersObject(node: SyntaxNode | null): boolean {
  const object = unwrap(node);
  if (!object) return false;
  if (object.type === 'new_expression') return object.childForFieldName('constructor')?.text === 'Headers';
  const name = object.type === 'identifier' ? object.text : object.childForFieldName('property')?.text ?? object.childForFieldName('attribute')?.text;
  return name !== undefined && /headers$/i.test(name);
}

/** A string used as an HTTP header name: a key of a headers object, an index into one, an argument of a header method. */
function isHeaderPosition(literal: SyntaxNode): boolean {
  const parent = literal.parent;
  if (!parent) return false;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === literal.id) {
    const container = parent.parent;
    const holder = container?.parent;
    // `{ headers: { … } }`, `headers={…}`, `const headers = { … }`, `headers = {…}`.
    const holderName = holder && (holder.childForFieldName('key') ?? holder.childForFieldName('name') ?? holder.childForFieldName('left'));
    if (holder?.type === 'pair' || holder?.type === 'keyword_argument' || holder?.type === 'variable_declarator' || holder?.type === 'assignment') return /headers$/i.test(holderName?.text ?? '');
    return holder?.type === 'arguments' || holder?.type === 'argument_list' ? isHeadersObject(holder.parent) : false;
  }
  if (parent.type === 'subscript_expression' || parent.type === 'subscript') return isHeadersObject(parent.childForFieldName('object') ?? parent.childForFieldName('value'));
  if ((parent.type === 'arguments' || parent.type === 'argument_list') && parent.namedChildren[0]?.id === literal.id) {
    const call = parent.parent;
    const method = call && calleeName(call);
    if (!call || !method || !HEADER_METHODS.has(method)) return false;
    return method.endsWith('Header') || method === 'header' || isHeadersObject(call.childForFieldName('function')?.childForFieldName('object') ?? null);
  }
  return false;
}

function stringContract(node: SyntaxNode, query: ContractQuery): string | undefined {
  const found = literalOf(node);
  if (!found) return undefined;
  const { literal, content } = found;
  if (HEADER_CASE.test(content) || X_HEADER.test(content)) return `'${content}' is shaped like a protocol name (an HTTP header)`;
  if (LOWER_HYPHENATED.test(content) && isHeaderPosition(literal)) return `'${content}' is an HTTP header name`;
  if (RESERVED_KEY.test(content)) return `'${content}' is a $-prefixed key reserved by a third-party API`;
  if (content.includes('/') || content.includes('.')) {
    const offset = query.start - literal.startIndex - literal.text.indexOf(content);
    for (const match of content.matchAll(PATH_SEGMENT)) {
      const name = match[1] ?? match[2] ?? match[3];
      const at = match.index + match[0].indexOf(name);
      if (query.routeSegments.has(name) && offset < at + name.length && offset + (query.end - query.start) > at) {
        return `'${content}' names the route segment ${match[0]}, which a file name defines`;
      }
    }
  }
  return readContract(literal, content, query);
}

/** Whether `object` holds route parameters: 'route' for a router's API, 'local' for a bare `params`/`query`. */
function paramSource(object: SyntaxNode | null): 'route' | 'local' | undefined {
  const source = unwrap(object);
  if (!source) return undefined;
  if (source.type === 'call_expression') return ROUTE_HOOKS.has(calleeName(source) ?? '') ? 'route' : undefined;
  if (source.type === 'member_expression') return ROUTE_OBJECTS.has(source.childForFieldName('property')?.text ?? '') ? 'route' : undefined;
  if (source.type !== 'identifier') return undefined;
  return boundToHook(source) ? 'route' : ROUTE_OBJECTS.has(source.text) ? 'local' : undefined;
}

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function', 'generator_function_declaration']);

/** `const params = useParams()`: the name, as the enclosing scopes declare it, holds a route hook's result. */
function boundToHook(identifier: SyntaxNode): boolean {
  const name = identifier.text;
  for (let scope = identifier.parent; scope; scope = scope.parent) {
    if (FUNCTIONS.has(scope.type)) {
      const parameters = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter');
      const names = parameters?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? [];
      if (names.some((node) => node.text === name)) return false;
    }
    if (scope.type !== 'statement_block' && scope.type !== 'program') continue;
    for (const statement of scope.namedChildren) {
      if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') continue;
      for (const declarator of statement.namedChildren) {
        if (declarator.childForFieldName('name')?.text !== name) continue;
        const value = unwrap(declarator.childForFieldName('value'));
        return value?.type === 'call_expression' && ROUTE_HOOKS.has(calleeName(value) ?? '');
      }
    }
  }
  return false;
}

/** The object a destructuring pattern reads: `= req.query`, or the key of an enclosing `{ params: { … } }`. */
function patternSource(pattern: SyntaxNode): SyntaxNode | null {
  const holder = pattern.parent;
  if (holder?.type === 'variable_declarator') return holder.childForFieldName('value');
  if (holder?.type === 'pair_pattern') return holder.childForFieldName('key');
  return null;
}

/** A key read from route parameters whose name is one of the route's segments. */
function readContract(node: SyntaxNode, name: string, query: ContractQuery): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  let object: SyntaxNode | null = null;
  if (node.type === 'shorthand_property_identifier_pattern' && parent.type === 'object_pattern') object = patternSource(parent);
  else if (parent.type === 'pair_pattern' && parent.childForFieldName('key')?.id === node.id && parent.parent?.type === 'object_pattern') object = patternSource(parent.parent);
  else if (parent.type === 'member_expression' && parent.childForFieldName('property')?.id === node.id) object = parent.childForFieldName('object');
  else if (parent.type === 'subscript_expression' && parent.childForFieldName('index')?.id === node.id) object = parent.childForFieldName('object');
  else if (parent.type === 'arguments' && parent.namedChildren[0]?.id === node.id) {
    const callee = parent.parent?.childForFieldName('function');
    if (callee?.type === 'member_expression' && PARAM_READERS.has(callee.childForFieldName('property')?.text ?? '')) object = callee.childForFieldName('object');
  }
  const source = paramSource(object);
  if (!source) return undefined;
  if (segmentsOf(query.path, new Set()).has(name)) return `${name} is a route parameter: this file's path defines it`;
  const routeFile = ROUTE_ROOT.test(query.path.replace(/\\/g, '/'));
  if (query.routeSegments.has(name) && (source === 'route' || routeFile)) return `${name} is a route parameter a file-system route defines`;
  return undefined;
}

/**
 * Why the reference at [start, end) is an external contract, or undefined. Recognised: a string shaped like a protocol
 * name (`'Mcp-Session-Id'`, `'x-session-id'`, a lower-case name used as an HTTP header), a `$`-prefixed reserved key
 * (`'$session_id'`, `{ $session_id: … }`, `props.$session_id`), a route path string naming a dynamic segment a file
 * name defines (`'/sessions/[sessionId]'`, `'/sessions/:sessionId'`), and a key read from route parameters
 * (`const { sessionId } = req.query` in `pages/api/sessions/[sessionId].ts`, `router.query.sessionId`,
 * `useParams().sessionId`, `searchParams.get('sessionId')`), an environment variable's name (`process.env.X`,
 * `os.environ["x"]`, `os.getenv("x")`), and a word of a string spelled as another system spells it (upper-snake
 * `"AWS_ACCESS_KEY_ID"`, `{CHECKOUT_SESSION_ID}`; a markup element name `<AccessKeyId>`). For a destructuring
 * shorthand the contract is the key side.
 */
export function externalContractOf(query: ContractQuery): string | undefined {
  const node = query.tree.rootNode.descendantForIndex(query.start, query.end);
  if (!node) return undefined;
  const fromString = stringContract(node, query);
  if (fromString) return fromString;
  const environment = environmentContract(node);
  if (environment) return environment;
  // A comment that names `{CHECKOUT_SESSION_ID}` or `AWS_ACCESS_KEY_ID` speaks of the kept name: it keeps it too.
  const literal = enclosingString(node) ?? (node.type === 'comment' ? node : undefined);
  if (literal) {
    const fromToken = tokenContract(literal, query);
    if (fromToken) return fromToken;
  }
  if (node.text.startsWith('$') && query.start === node.startIndex + 1 && RESERVED_KEY.test(node.text) && isKey(node)) {
    return `'${node.text}' is a $-prefixed key reserved by a third-party API`;
  }
  const wire = wireSpellingContract(node, query);
  if (wire) return wire;
  // A plain identifier is a variable: `searchParams.get(sessionId)` reads whatever key the variable holds.
  return node.type === 'property_identifier' || node.type === 'shorthand_property_identifier_pattern' ? readContract(node, node.text, query) : undefined;
}

/** `AWS_ACCESS_KEY_ID`, `{CHECKOUT_SESSION_ID}`: upper-case words joined by `_`, as environment variables and other
 * systems' placeholders are spelled; the project's own keys follow its code's style. */
/** A compound spelling (`parseAll`, `parse_all`): a name even in prose, where a plain word may be English. */
export const isCompound = (spelling: string): boolean => /[a-z][A-Z]|_/.test(spelling);

export const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** What precedes an element name in markup: `<`, `</`, with an optional namespace prefix (`<soap:`). */
const ELEMENT_OPENER = /<\/?(?:[A-Za-z_][\w.-]*:)?$/;
/**
 * A regular expression's group name (`(?P<_netloc_sep>//)`, JavaScript's `(?<name>…)`) or a reference to one
 * (`\g<name>`, `\k<name>`): the project's own key, read back by `m.group('name')` or `groupdict()['name']`, which
 * are renamed with it. Taken for markup, it stayed while boltons' readers were renamed (99 tests failed).
 */
const REGEX_GROUP_OPENER = /(?:\(\?P?|\\[gk])<$/;
const STRING_NODES = new Set(['string', 'template_string']);
const CODE_IN_STRING = new Set(['template_substitution', 'interpolation']);

/** The string literal whose text holds the node; undefined for code embedded in a template or f-string. */
function enclosingString(node: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (CODE_IN_STRING.has(current.type)) return undefined;
    if (STRING_NODES.has(current.type)) return current;
  }
  return undefined;
}

/**
 * The word of a string the reference is part of, when its spelling belongs to another system: an upper-snake token
 * (`"AWS_ACCESS_KEY_ID"`, Stripe's `{CHECKOUT_SESSION_ID}` in a URL) or an element name of markup (`<AccessKeyId>`
 * in an XML response template). Renamed, the program would read an environment variable nobody sets, send a
 * placeholder the other side does not fill, or emit a document its consumers cannot parse.
 */
function tokenContract(literal: SyntaxNode, query: ContractQuery): string | undefined {
  const text = literal.text;
  const from = query.start - literal.startIndex;
  if (from < 0 || query.end - literal.startIndex > text.length) return undefined;
  const inOtherWords = otherSystemsWords(text, from, query.end - literal.startIndex, isProse(literal));
  if (inOtherWords) return inOtherWords;
  const token = wordAround(text, from, query.end - literal.startIndex);
  const start = text.lastIndexOf(token, from);
  const end = start + token.length;
  // A string or comment naming a dunder (`getattr(obj, '__exit__')`, ``__iter__`` in a docstring) names the
  // protocol's method, which stays (see dunderCollision).
  if (DUNDER.test(token) && /\.pyi?$/.test(query.path)) return `'${token}' is a dunder name (Python's protocol)`;
  if (SCREAMING_SNAKE.test(token)) return `'${token}' is shaped like an environment variable or another system's placeholder`;
  const before = text.slice(Math.max(0, start - 40), start);
  if (ELEMENT_OPENER.test(before) && !REGEX_GROUP_OPENER.test(before) && /^[\s/>]/.test(text.slice(end, end + 1))) {
    return `'<${token}>' is an element name in a markup string (a wire format)`;
  }
  // Python spells its own names in snake_case (classes aside, and a class the project declares is in pythonNames):
  // `"AccessKeyId"`, `"accessKeyId"` in Python are keys of somebody else's schema (AWS, a JSON API).
  if (query.pythonNames && /\.pyi?$/.test(query.path) && MIXED_CASE.test(token) && !query.pythonNames.has(token)) {
    return `'${token}' is spelled as another system spells it: Python code names things in snake_case`;
  }
  return undefined;
}

/** A comment, or a Python docstring (a string that is a statement of its own). */
const isProse = (literal: SyntaxNode): boolean => literal.type === 'comment' || (literal.type === 'string' && literal.parent?.type === 'expression_statement');

/** What may stand in an address written in prose: anything but space, brackets and quotes. */
const ADDRESS_CHAR = /[^\s<>()[\]{}"'`]/;

/**
 * Another system's words: an address (`https://developer.mozilla.org/…/Retry-After`, hono's
 * `https://hono.dev/docs/api/routing#base-path`), in prose or in a string: the other site names its pages, and a
 * rewritten link breaks. In prose (comments, docstrings), also a protocol name (`Retry-After`, `X-Session-Id`, shaped
 * as the strings the contracts above keep): the prose speaks of the kept name, so it keeps it too (ky's docs).
 */
function otherSystemsWords(text: string, start: number, end: number, prose: boolean): string | undefined {
  const bounds = boundsAround(text, start, end, ADDRESS_CHAR);
  const address = text.slice(bounds.from, bounds.to);
  if (/\w:\/\/|(?:^|\W)www\./.test(address)) {
    // In a string, a query parameter may be the project's own (Stripe's success_url `https://…/done?session_id=`
    // comes back to the project's handler); the path and the fragment are the server's.
    const at = start - bounds.from;
    const query = address.indexOf('?');
    const fragment = address.indexOf('#');
    const inQuery = query >= 0 && at > query && (fragment < 0 || at < fragment);
    if (prose || !inQuery) return `'${address}' is an address (a link to another site's page)`;
  }
  if (!prose) return undefined;
  const token = textAround(text, start, end, /[\w-]/).replace(/^-+|-+$/g, '');
  if (token.includes('-') && (HEADER_CASE.test(token) || X_HEADER.test(token))) return `'${token}' is shaped like a protocol name (an HTTP header)`;
  return undefined;
}

/** `accessKeyId`, `AccessKeyId`, `AWSAccessKeyId`: a word boundary made by case, not by `_`. */
const MIXED_CASE = /^[A-Za-z][A-Za-z0-9]*(?:[a-z0-9][A-Z]|[A-Z][A-Z][a-z])[A-Za-z0-9]*$/;

/** The whole word (letters, digits, `_`) around [start, end) of `text`: `checkoutSessionId` around `Session`. */
export function wordAround(text: string, start: number, end: number): string {
  const { from, to } = wordBoundsAround(text, start, end);
  return text.slice(from, to);
}

/** Where wordAround's word starts and ends (end exclusive). */
export function wordBoundsAround(text: string, start: number, end: number): { from: number; to: number } {
  return boundsAround(text, start, end, /\w/);
}

/** The run of characters matching `char` around [start, end) of `text`. */
export function textAround(text: string, start: number, end: number, char: RegExp): string {
  const { from, to } = boundsAround(text, start, end, char);
  return text.slice(from, to);
}

function boundsAround(text: string, start: number, end: number, char: RegExp): { from: number; to: number } {
  let from = start;
  let to = end;
  while (from > 0 && char.test(text[from - 1]!)) from--;
  while (to < text.length && char.test(text[to]!)) to++;
  return { from, to };
}

/** Objects that hold the process's environment: `process.env`, `import.meta.env`, `os.environ`. */
const ENVIRONMENT_OBJECT = /^(?:process\.env|import\.meta\.env|(?:os\.)?environ)$/;
/** Calls whose first argument names an environment variable. */
const ENVIRONMENT_READERS = /^(?:(?:os\.)?(?:getenv|putenv|unsetenv)|(?:os\.)?environ\.(?:get|setdefault|pop)|process\.env\.hasOwnProperty|Deno\.env\.(?:get|set|delete|has)|\w*monkeypatch\.(?:setenv|delenv))$/;
/** Calls whose dictionary argument's keys are environment variables: `mock.patch.dict(os.environ, {…})`, `os.environ.update({…})`. */
const ENVIRONMENT_WRITERS = /(?:^|\.)patch\.dict$|^(?:os\.)?environ\.update$/;

/**
 * An environment variable's name: `process.env.SESSION_SECRET`, `os.environ["session_id"]`, `os.getenv("x")`, a key
 * of a dictionary patched into `os.environ`. Whoever deploys the program sets it; the code only reads it.
 */
function environmentContract(node: SyntaxNode): string | undefined {
  const parent = node.parent;
  if (node.type === 'property_identifier' && parent?.type === 'member_expression' && ENVIRONMENT_OBJECT.test(parent.childForFieldName('object')?.text ?? '')) {
    return `${node.text} is an environment variable's name`;
  }
  const found = literalOf(node);
  if (!found) return undefined;
  const { literal, content } = found;
  const holder = literal.parent;
  const reason = `'${content}' is an environment variable's name`;
  if ((holder?.type === 'subscript_expression' || holder?.type === 'subscript') && (holder.childForFieldName('index') ?? holder.childForFieldName('subscript'))?.id === literal.id) {
    return ENVIRONMENT_OBJECT.test((holder.childForFieldName('object') ?? holder.childForFieldName('value'))?.text ?? '') ? reason : undefined;
  }
  if ((holder?.type === 'arguments' || holder?.type === 'argument_list') && holder.namedChildren[0]?.id === literal.id) {
    return ENVIRONMENT_READERS.test(holder.parent?.childForFieldName('function')?.text ?? '') ? reason : undefined;
  }
  if (holder?.type === 'pair' && holder.childForFieldName('key')?.id === literal.id) {
    const call = holder.parent?.parent?.type === 'arguments' || holder.parent?.parent?.type === 'argument_list' ? holder.parent.parent.parent : undefined;
    const callee = call?.childForFieldName('function')?.text ?? '';
    if (ENVIRONMENT_WRITERS.test(callee) && (callee.endsWith('update') || /environ/.test(call!.childForFieldName('arguments')?.namedChildren[0]?.text ?? ''))) return reason;
  }
  return undefined;
}

const LOWER_SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const SCRIPT_FILE = /\.[cm]?([jt])sx?$/;

/**
 * A snake_case member or key in TypeScript or JavaScript (`interface SDKMessage { session_id: string }`,
 * `hookData.session_id`) that no Python or SQL of the run declares: TypeScript names its own members in camelCase,
 * so this one mirrors a payload another system writes (a JSON API, a CLI's event stream). Renamed, the type checks
 * and the program reads a field nobody sends. When the run's Python or SQL declares the word, the other side is
 * renamed in the same run and the rule stays off.
 */
function wireSpellingContract(node: SyntaxNode, query: ContractQuery): string | undefined {
  const script = SCRIPT_FILE.exec(query.path);
  if (!script || !query.snakeNames || !LOWER_SNAKE.test(node.text) || query.snakeNames.has(node.text)) return undefined;
  const parent = node.parent;
  const member =
    isKey(node) ||
    node.type === 'shorthand_property_identifier_pattern' ||
    (node.type === 'property_identifier' && (parent?.type === 'public_field_definition' || parent?.type === 'pair_pattern'));
  if (!member) return undefined;
  const language = script[1] === 't' ? 'TypeScript' : 'JavaScript';
  return `'${node.text}' is spelled as another system spells it: ${language} names its own members in camelCase, and no Python or SQL of this run declares it`;
}

/** An object key or a property read, not a variable: `{ $session_id: 1 }`, `props.$session_id`. */
function isKey(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (node.type === 'shorthand_property_identifier') return true;
  if (parent.type === 'pair' || parent.type === 'pair_pattern' || parent.type === 'property_signature') return parent.childForFieldName('key')?.id === node.id || parent.childForFieldName('name')?.id === node.id;
  return parent.type === 'member_expression' && parent.childForFieldName('property')?.id === node.id;
}

import type { SiteQuery } from '../../symbols/model.js';
import { keywordSymbol } from './symbols-callees.js';
import { classAt } from './symbols-classes.js';
import { derivesFrom, findInClass } from './symbols-hierarchy.js';
import { type Answer, attachTo, type BindState, isOurs, symbolDeclaredAt, unknown } from './symbols-resolve.js';
import type { Callee, SiteContext } from './symbols-syntax.js';
import { SymbolRecord } from './symbols-table.js';
import { quoteCode } from '../../symbols/quote-code.js';

/**
 * Standard-library callees that take the project's own data or names, not a contract: `print`, `dict(...)`,
 * `str.format`, `d.get(...)`, logging, and typing's `cast`/`NewType`/`TypedDict(...)`, whose strings are types.
 */
const DATA_SINKS = new Set(['builtins', 'logging', 'typing', 'typing_extensions']);
/**
 * unittest's comparisons (`self.assertEqual(table.entries, {"ABBR": …})`, `assertIn`, `assertDictEqual`): like
 * `assert a == b`, they compare the project's values; as unittest's API their literals kept the old spelling while
 * the input beside them (`table.read("*[ABBR]: …")`) was renamed, and Python-Markdown's test failed.
 */
const UNITTEST_COMPARISON = /\.assert(?:Not)?(?:Equal|In|Is|IsNone|CountEqual|(?:Dict|List|Tuple|Set|Sequence|MultiLine)Equal)$/;

/** `getattr(obj, "name")` and its family: the member `name` of obj's class, as pyright types obj. */
export async function bindReflection(
  state: BindState,
  site: SiteQuery,
  context: Extract<SiteContext, { type: 'reflection' }>,
): Promise<Answer> {
  const { name, objectText } = context;
  const types = await state.queries.typeDefinitions(site.file, context.objectOffset);
  // An unannotated parameter's "type definition" is the parameter itself: only a class says what obj is.
  const classes = types.filter((type) => {
    const tree = state.tree(type.file);
    return tree && classAt(tree, type.start);
  });
  if (classes.length === 0) return unknown(`the type of ${quoteCode(objectText)} is unknown to pyright`);
  const found = new Set<SymbolRecord>();
  for (const type of classes) {
    const member = await findInClass(state, type.file, type.start, name);
    const ownership = state.owners.classify(type.file);
    if (!member.member && (isOurs(ownership) || member.unresolved)) {
      const base = member.unresolved ? `; its base \`${member.unresolved}\` cannot be resolved` : '';
      return unknown(`${quoteCode(objectText)}'s type declares no \`${name}\`${base}`);
    }
    if (!member.member) return { kind: 'unbound', external: `an attribute of ${quoteCode(objectText)}, a ${ownership.declaredIn} object` };
    const record = await symbolDeclaredAt(state, member.member.file, member.member.offset, name);
    if (!record) return unknown(`pyright cannot resolve \`${name}\` of ${quoteCode(objectText)}`);
    found.add(record.root);
  }
  if (found.size !== 1) return unknown(`${quoteCode(objectText)} may be of several types, each with its own \`${name}\``);
  return attachTo(state, site, [...found][0], '');
}

/** `f(**{"name": v})` or `payload = {"name": v}; f(**payload)`: the key is a keyword argument of f. */
export async function bindSplatKey(state: BindState, site: SiteQuery, callees: readonly Callee[], name: string): Promise<Answer> {
  const records = new Set<SymbolRecord>();
  for (const callee of callees) {
    const answer = await keywordSymbol(state, site, callee, name);
    if (!(answer instanceof SymbolRecord)) return answer;
    records.add(answer.root);
  }
  if (records.size !== 1) return unknown(`the dict is spread into ${callees.length} calls whose \`${name}\` are different symbols`);
  return attachTo(state, site, [...records][0], '');
}

/**
 * Any other string: a TypedDict's key where pyright declares one at the literal (a dict literal of that type) or
 * where the subscripted object is one; else free text, external when handed to a dependency's call.
 */
export async function bindString(state: BindState, site: SiteQuery, context: Extract<SiteContext, { type: 'string' }>): Promise<Answer> {
  const { name, subscriptOf } = context;
  const cannot = `pyright cannot resolve the key \`${name}\``;
  if (name !== undefined && (context.dictKey || context.argumentOf)) {
    const [declaration] = await state.queries.declarations(site.file, site.start);
    if (declaration) return attachTo(state, site, await symbolDeclaredAt(state, declaration.file, declaration.start, name), cannot);
  }
  if (name !== undefined && subscriptOf) {
    // pyright resolves a TypedDict's key in a dict literal of its type, but not in `obj["key"]`: the adapter does.
    for (const type of await state.queries.typeDefinitions(site.file, subscriptOf.offset)) {
      if (!(await derivesFrom(state, type.file, type.start, 'TypedDict'))) continue;
      const field = await findInClass(state, type.file, type.start, name, true);
      if (field.member) return attachTo(state, site, await symbolDeclaredAt(state, field.member.file, field.member.offset, name), cannot);
    }
  }
  return context.argumentOf ? externalString(state, site, context.argumentOf) : { kind: 'unbound' };
}

/** A literal handed to a call: an external contract when a dependency or the standard library declares the callee. */
async function externalString(state: BindState, site: SiteQuery, callee: Callee): Promise<Answer> {
  const [declaration] = callee.offset < 0 ? [] : await state.queries.declarations(site.file, callee.offset);
  if (!declaration) {
    return { kind: 'unbound', external: `passed to ${quoteCode(callee.text)}, which pyright cannot resolve (is its package installed?)` };
  }
  const ownership = state.owners.classify(declaration.file);
  const module = ownership.declaredIn ?? '';
  if (isOurs(ownership) || (ownership.owner === 'platform' && DATA_SINKS.has(module.split('.')[0]!))) return { kind: 'unbound' };
  if (ownership.owner === 'platform' && module === 'unittest.case' && UNITTEST_COMPARISON.test(callee.text)) return { kind: 'unbound' };
  const owner = ownership.owner === 'platform' ? 'standard library' : ownership.owner;
  return { kind: 'unbound', external: `passed to ${quoteCode(callee.text)} (${owner} ${module})` };
}

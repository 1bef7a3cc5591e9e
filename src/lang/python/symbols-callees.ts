import type { SiteQuery, SymbolLocation } from '../../symbols/model.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { findInClass, type MemberSite } from './symbols-hierarchy.js';
import type { Ownership } from './symbols-owner.js';
import { type Answer, type BindState, isOurs, symbolDeclaredAt, unknown } from './symbols-resolve.js';
import { type Callee, calleeOf } from './symbols-syntax.js';
import { keyOf, SymbolRecord } from './symbols-table.js';
import { quoteCode } from '../../symbols/quote-code.js';

/** What a keyword named `name` passed to a callee lands on. */
export type CalleeTarget =
  /** pyright cannot resolve the callee (an uninstalled package, an Unknown receiver). */
  | { readonly kind: 'unresolved' }
  /** A parameter of the function, or a field of the dataclass-like class, that declares `name`. */
  | { readonly kind: 'declared'; readonly site: MemberSite; readonly callee: Ownership }
  /** No parameter of that name: it lands in `**kwargs` (`kwargs: true`) or nowhere. */
  | {
      readonly kind: 'undeclared';
      readonly kwargs: boolean;
      readonly callee: Ownership;
      readonly file: string;
      readonly offset: number;
      /** The project's function whose `**kwargs` absorbs the keyword, and that parameter's name. */
      readonly absorbedBy?: { readonly fn: SyntaxNode; readonly kwargs: string };
      /** The callee is a variable (a parameter holding a class or function): nothing to follow. */
      readonly opaque?: boolean;
    };

const at = (location: { file: string; start: number }) => ({ file: location.file, offset: location.start });
const nodeAt = (state: BindState, location: { file: string; start: number }) =>
  state.tree(location.file)?.rootNode.descendantForIndex(location.start, location.start + 1);

/** A function's parameter named `name`, and whether it takes `**kwargs`. */
function parameterOf(fn: SyntaxNode, name: string): { offset?: number; kwargs: boolean; kwargsName?: string } {
  let kwargs = false;
  let kwargsName: string | undefined;
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter) continue;
    // `**kwargs` and `**kwargs: str` (a typed_parameter around the splat) both absorb unknown keywords.
    const isSplat = (node: SyntaxNode | null): boolean => node?.type.endsWith('splat_pattern') ?? false;
    const splat = isSplat(parameter) ? parameter : parameter.namedChildren.find(isSplat);
    if (splat) {
      if (splat.type === 'dictionary_splat_pattern') {
        kwargs = true;
        kwargsName = splat.namedChildren.find((child) => child?.type === 'identifier')?.text;
      }
      continue;
    }
    const id = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.namedChildren[0]);
    if (id?.type === 'identifier' && id.text === name) return { offset: id.startIndex, kwargs };
  }
  return { kwargs, kwargsName };
}

/**
 * Where pyright leaves a keyword argument unbound, the adapter follows the callee itself: a function's parameter,
 * or for a class, the parameter of the project's `__init__` that names it or the call its `**kwargs` go on to, then
 * a class-level field (dataclasses, pydantic and ORM models take their fields as keywords, even when their
 * `__init__` is `**data`), then any other `__init__`'s parameter.
 */
async function calleeTarget(state: BindState, file: string, callee: Callee, name: string): Promise<CalleeTarget> {
  // `self.__class__(…)` / `type(self)(…)` construct the instance's own class: pyright resolves the first to
  // `object.__class__` (builtins) and the second to nothing, which would leave the keyword behind its parameter.
  const instanceClass = callee.instanceOf === undefined ? undefined : await classOfInstance(state, file, callee.instanceOf);
  if (!instanceClass && callee.offset < 0) return { kind: 'unresolved' };
  let definitions = instanceClass ? [instanceClass] : await state.queries.definitions(file, callee.offset);
  if (definitions.length === 0) definitions = await state.queries.declarations(file, callee.offset);
  for (const definition of definitions) {
    const ownership = state.owners.classify(definition.file);
    const undeclared = (kwargs: boolean, more: { absorbedBy?: { fn: SyntaxNode; kwargs: string }; opaque?: boolean } = {}): CalleeTarget => ({
      kind: 'undeclared',
      kwargs,
      callee: ownership,
      ...at(definition),
      ...more,
    });
    const absorbed = (fn: SyntaxNode, parameter: { kwargsName?: string }) => (parameter.kwargsName ? { absorbedBy: { fn, kwargs: parameter.kwargsName } } : {});
    // pyright already ties keywords to a dependency's declared parameters; what it leaves is theirs anyway.
    if (!isOurs(ownership)) return undeclared(true);
    const declaring = nodeAt(state, definition)?.parent;
    if (declaring?.type === 'function_definition') {
      const parameter = parameterOf(declaring, name);
      if (parameter.offset === undefined) return undeclared(parameter.kwargs, absorbed(declaring, parameter));
      return { kind: 'declared', site: { file: definition.file, offset: parameter.offset }, callee: ownership };
    }
    if (declaring?.type === 'class_definition') {
      const init = await findInClass(state, definition.file, definition.start, '__init__');
      const initNode = init.member && nodeAt(state, { file: init.member.file, start: init.member.offset })?.parent;
      const initParameter = init.member && initNode?.type === 'function_definition' ? parameterOf(initNode, name) : undefined;
      // The project's own `__init__` takes the keyword when it names it, or passes it on (`super().__init__(name,
      // **kwargs)`), whatever the class declares beside it: click's Command both takes `context_settings` and
      // annotates the attribute it stores it in, and its Group forwards every keyword to Command.
      if (init.member && initNode?.type === 'function_definition' && initParameter && isOurs(state.owners.classify(init.member.file))) {
        if (initParameter.offset !== undefined) return { kind: 'declared', site: { file: init.member.file, offset: initParameter.offset }, callee: ownership };
        if (initParameter.kwargsName && forwardingCalls(initNode, initParameter.kwargsName).length > 0) return undeclared(true, absorbed(initNode, initParameter));
      }
      const field = await findInClass(state, definition.file, definition.start, name, true);
      if (field.member) return { kind: 'declared', site: field.member, callee: ownership };
      if (init.member && initNode?.type === 'function_definition' && initParameter) {
        if (initParameter.offset === undefined) return undeclared(initParameter.kwargs, absorbed(initNode, initParameter));
        return { kind: 'declared', site: { file: init.member.file, offset: initParameter.offset }, callee: ownership };
      }
      return undeclared(init.unresolved !== undefined || field.unresolved !== undefined);
    }
    // A callee pyright resolves to something other than a def or class (a variable holding a function).
    return undeclared(true, { opaque: true });
  }
  return { kind: 'unresolved' };
}

/**
 * The class of the value at `offset`, as the location of its class's name: pyright's type definition, or, for
 * `self` typed `Self` (pyright answers with the parameter itself), the class whose method takes it.
 */
async function classOfInstance(state: BindState, file: string, offset: number): Promise<SymbolLocation | undefined> {
  for (const location of await state.queries.typeDefinitions(file, offset)) {
    const node = nodeAt(state, location);
    if (node?.parent?.type === 'class_definition') return location;
    let fn = node?.parent ?? null;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    const first = fn?.childForFieldName('parameters')?.namedChildren[0];
    const firstName = first?.type === 'identifier' ? first : first?.childForFieldName('name');
    if (!fn || firstName?.startIndex !== location.start) continue;
    let cls = fn.parent;
    while (cls && (cls.type === 'block' || cls.type === 'decorated_definition')) cls = cls.parent;
    const className = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
    if (className) return { file: location.file, start: className.startIndex, end: className.endIndex };
  }
  return undefined;
}

/**
 * Whether an import statement of the file binds `name` (`from simple_salesforce import Salesforce`, `import
 * simple_salesforce as sf`): a callee rooted there that pyright cannot resolve comes from a module that is not
 * installed, not from an Unknown value that might be one of the project's objects.
 */
function importsName(state: BindState, file: string, name: string): boolean {
  const bound = (node: SyntaxNode): string | undefined =>
    node.type === 'aliased_import' ? node.childForFieldName('alias')?.text : node.type === 'dotted_name' ? node.text.split('.')[0] : undefined;
  const visit = (node: SyntaxNode): boolean => {
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name');
      return node.namedChildren.some((child) => child !== null && child.id !== module?.id && bound(child) === name);
    }
    return node.namedChildren.some((child) => child !== null && visit(child));
  };
  const tree = state.tree(file);
  return tree !== undefined && visit(tree.rootNode);
}

/**
 * The calls in `fn`'s body that pass its `**kwargs` on (`Command(name, **attrs)`), closures included (click's
 * `command(**attrs)` returns a `decorator(f)` that calls `cls(name=…, **attrs)`): a keyword the function absorbs
 * lands on their parameters. A nested function or lambda that takes a parameter of the same name has its own.
 */
function forwardingCalls(fn: SyntaxNode, kwargs: string): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type === 'call') {
      const args = node.childForFieldName('arguments');
      const forwards = args?.namedChildren.some(
        (arg) => arg?.type === 'dictionary_splat' && arg.namedChildren[0]?.type === 'identifier' && arg.namedChildren[0].text === kwargs,
      );
      if (forwards) calls.push(node);
    }
    for (const child of node.namedChildren) {
      if (!child || child.type === 'class_definition') continue;
      if ((child.type === 'function_definition' || child.type === 'lambda') && parameterOf(child, kwargs).offset !== undefined) continue;
      if (child.type === 'function_definition' && parameterOf(child, kwargs).kwargsName === kwargs) continue;
      visit(child);
    }
  };
  const body = fn.childForFieldName('body');
  if (body) visit(body);
  return calls;
}

/** The symbol a keyword argument pyright ties to nothing stands for, by following the callee. */
export async function keywordSymbol(state: BindState, site: SiteQuery, callee: Callee, name: string, depth = 0): Promise<Answer> {
  const target = await calleeTarget(state, site.file, callee, name);
  if (target.kind === 'unresolved') {
    const reason = `${quoteCode(callee.text)} cannot be resolved (is its package installed?)`;
    return importsName(state, site.file, callee.text.split('.')[0]!) ? { kind: 'unknown', reason, notInstalled: true } : unknown(reason);
  }
  if (target.kind === 'declared') {
    const record = await symbolDeclaredAt(state, target.site.file, target.site.offset, name);
    return record ?? unknown(`pyright cannot resolve \`${name}\` of ${quoteCode(callee.text)}`);
  }
  const { owner, declaredIn } = target.callee;
  // `dict(session_id=...)` builds the project's own mapping; the key belongs to nobody.
  if (owner === 'platform' && declaredIn === 'builtins' && /(^|\.)dict$/.test(callee.text)) return { kind: 'unbound' };
  // So does `ctx.update(session_id=...)` on a dict or any MutableMapping (typeshed declares `update` in builtins,
  // typing or collections): the keywords are keys the project writes and reads back (`ctx["session_id"]`).
  if (owner === 'platform' && /\.update$/.test(callee.text) && ['builtins', 'typing', 'typing_extensions', 'collections'].includes(declaredIn?.split('.')[0] ?? '')) {
    return { kind: 'unbound' };
  }
  // `TEMPLATE.format(session_id=…)` and `Template(…).substitute(session_id=…)` fill the placeholders of a template:
  // the keyword names the template's `{session_id}` / `$session_id`, text that is renamed with it.
  if (owner === 'platform' && ((declaredIn === 'builtins' && /\.format$/.test(callee.text)) || (declaredIn === 'string' && /\.(?:safe_)?substitute$/.test(callee.text)))) {
    return { kind: 'unbound' };
  }
  // The project's own `**kwargs` reads the key as a string (`kwargs.get("session_id")`), which is renamed as free
  // text too: both sides are the project's, so the keyword is free text of the same kind.
  // Unless the function passes its `**kwargs` on (`return Command(name, **attrs)`): then the keyword binds the
  // parameter of the callee it is forwarded to, and is renamed with it, or stays with it.
  if (isOurs(target.callee) && target.kwargs && target.opaque && depth > 0) {
    return unknown(`\`${name}\` is passed on through **kwargs to ${quoteCode(callee.text)}, which renamer cannot follow`);
  }
  if (isOurs(target.callee) && target.kwargs && target.absorbedBy) {
    const forwards = forwardingCalls(target.absorbedBy.fn, target.absorbedBy.kwargs);
    if (forwards.length > 0 && depth >= 8) return unknown(`\`${name}\` is passed on through **kwargs too many times to follow`);
    for (const call of forwards) {
      const next = calleeOf(call);
      if (!next) return unknown(`\`${name}\` is passed on through **${target.absorbedBy.kwargs} to a call renamer cannot follow`);
      const answer = await keywordSymbol(state, { ...site, file: target.file }, next, name, depth + 1);
      if (!('kind' in answer) || answer.kind !== 'unbound') return answer;
    }
  }
  if (isOurs(target.callee) && target.kwargs) return { kind: 'unbound' };
  if (isOurs(target.callee)) {
    const swallowed = target.kwargs ? ': it lands in **kwargs, which renamer cannot follow' : '';
    return unknown(`${quoteCode(callee.text)} declares no parameter \`${name}\`${swallowed}`);
  }
  const passedOn = await passedKeyword(state, site, callee, name, depth);
  if (passedOn) return passedOn;
  // A dependency's callee without that parameter still reads the keyword by name: the name is theirs.
  const { record, isNew } = state.table.keyed(`keyword\0${target.file}\0${target.offset}\0${name}`, name);
  if (isNew) {
    record.owners.push(owner);
    record.declaredIn = declaredIn;
    record.reasons.push(`a keyword argument of ${quoteCode(callee.text)}, declared by ${declaredIn ?? 'a dependency'}`);
    const length = state.texts.text(target.file)?.slice(target.offset).match(/^\w+/)?.[0].length ?? 0;
    const declaration = { file: target.file, start: target.offset, end: target.offset + length };
    record.declarations.set(keyOf(declaration), declaration);
  }
  return record;
}

/**
 * A keyword that lands in a dependency's `**kwargs` beside one of the project's functions or classes is handed on
 * to it (`self.assertRaises(ValueError, parse, "", strict=True)`, `pool.submit(parse, strict=True)`): typeshed
 * types the first `**kwargs: Any`, and pyright binds neither keyword to `parse`. It binds what the project's
 * callable makes of it; left as the dependency's, the parameter was renamed and the call passed the old name.
 */
async function passedKeyword(state: BindState, site: SiteQuery, callee: Callee, name: string, depth: number): Promise<Answer | undefined> {
  let absorbed = false;
  for (const passed of callee.passes ?? []) {
    const target = await calleeTarget(state, site.file, passed, name);
    if (target.kind === 'unresolved' || !isOurs(target.callee)) continue;
    const answer = await keywordSymbol(state, site, passed, name, depth + 1);
    // Another of the project's callables may take it (`assertRaises(AppError, parse, strict=True)`).
    if (answer instanceof SymbolRecord) return answer;
    absorbed ||= answer.kind === 'unbound';
  }
  return absorbed ? { kind: 'unbound' } : undefined;
}

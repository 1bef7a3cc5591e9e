import type { Kind } from '../analyzer.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { TARGET_CONTAINERS, isField, isTypeAliasAssignment } from './nodes.js';

/** What a name is bound to in one scope; `global`/`nonlocal` defer the lookup to an outer scope. */
type Binding = Kind | 'global' | 'nonlocal';
type Bindings = Map<string, Binding>;

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Nodes that open a scope of their own: the walk records their name but does not enter them. */
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', ...COMPREHENSIONS]);

function bind(bindings: Bindings, name: string, binding: Binding): void {
  // The first binding names the kind (a parameter stays a parameter when reassigned); global/nonlocal always win.
  if (binding === 'global' || binding === 'nonlocal' || !bindings.has(name)) bindings.set(name, binding);
}

function bindTargets(target: SyntaxNode, kind: Kind, bindings: Bindings): void {
  if (target.type === 'identifier') bind(bindings, target.text, kind);
  else if (TARGET_CONTAINERS.has(target.type)) for (const child of target.namedChildren) bindTargets(child, kind, bindings);
}

function bindParameters(parameters: SyntaxNode, bindings: Bindings): void {
  for (const parameter of parameters.namedChildren) {
    const name = parameter.childForFieldName('name') ?? parameter.firstNamedChild ?? parameter;
    const identifier = name.type === 'identifier' ? name : name.firstNamedChild;
    if (identifier?.type === 'identifier') bind(bindings, identifier.text, 'parameter');
  }
}

function bindImport(statement: SyntaxNode, bindings: Bindings): void {
  for (const name of statement.childrenForFieldName('name')) {
    const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : null;
    const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    // `import a.b` binds `a`; `from m import a` binds `a`.
    const bound = alias ?? dotted?.firstNamedChild ?? dotted;
    if (bound) bind(bindings, bound.text, 'import');
  }
}

function collect(node: SyntaxNode, memberKind: Kind, bindings: Bindings): void {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) bind(bindings, name.text, node.type === 'class_definition' ? 'class' : 'function');
      return;
    }
    case 'import_statement':
    case 'import_from_statement':
      return bindImport(node, bindings);
    case 'global_statement':
    case 'nonlocal_statement':
      for (const name of node.namedChildren) bind(bindings, name.text, node.type === 'global_statement' ? 'global' : 'nonlocal');
      return;
    case 'assignment':
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      if (left) bindTargets(left, isTypeAliasAssignment(node) ? 'type' : memberKind, bindings);
      break;
    }
    case 'for_statement': {
      const left = node.childForFieldName('left');
      if (left) bindTargets(left, 'variable', bindings);
      break;
    }
    case 'as_pattern': {
      const alias = node.childForFieldName('alias') ?? (node.namedChildCount > 1 ? node.lastNamedChild : null);
      if (alias) bindTargets(alias, 'variable', bindings);
      break;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name) bind(bindings, name.text, 'variable');
      break;
    }
    case 'type_alias_statement': {
      const left = node.childForFieldName('left');
      const name = left?.type === 'type' ? left.firstNamedChild : left;
      if (name?.type === 'identifier') bind(bindings, name.text, 'type');
      return;
    }
    default:
      if (NESTED_SCOPES.has(node.type)) return;
  }
  for (const child of node.namedChildren) collect(child, memberKind, bindings);
}

/** The names a scope binds: a module, function, lambda, class body or comprehension. */
function scopeBindings(scope: SyntaxNode): Bindings {
  const bindings: Bindings = new Map();
  if (COMPREHENSIONS.has(scope.type)) {
    for (const clause of scope.namedChildren) {
      const left = clause.type === 'for_in_clause' ? clause.childForFieldName('left') : null;
      if (left) bindTargets(left, 'variable', bindings);
    }
    return bindings;
  }
  const parameters = scope.childForFieldName('parameters');
  if (parameters && scope.type !== 'class_definition') bindParameters(parameters, bindings);
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  const memberKind: Kind = scope.type === 'class_definition' ? 'property' : 'variable';
  if (body) for (const child of body.namedChildren) collect(child, memberKind, bindings);
  return bindings;
}

/**
 * A simple LEGB walk: the scopes enclosing a name, innermost first. Default values, annotations and
 * decorators are evaluated outside the function they belong to, and a class body is visible only to its own
 * statements, not to the methods in it.
 */
function enclosingScopes(node: SyntaxNode): SyntaxNode[] {
  const scopes: SyntaxNode[] = [];
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'module') scopes.push(parent);
    else if (type === 'function_definition' || type === 'lambda') {
      if (isField(parent, 'body', child)) scopes.push(parent);
    } else if (type === 'class_definition') {
      if (scopes.length === 0 && isField(parent, 'body', child)) scopes.push(parent);
    } else if (COMPREHENSIONS.has(type)) scopes.push(parent);
  }
  return scopes;
}

/** Resolves plain uses of names to the kind of their declaration, caching each scope's bindings. */
export class ScopeResolver {
  private readonly cache = new Map<number, Bindings>();

  private bindingsOf(scope: SyntaxNode): Bindings {
    let bindings = this.cache.get(scope.id);
    if (!bindings) {
      bindings = scopeBindings(scope);
      this.cache.set(scope.id, bindings);
    }
    return bindings;
  }

  /** The kind of the declaration `identifier` refers to; an unknown name (a builtin, a star import) is a variable. */
  resolve(identifier: SyntaxNode): Kind {
    const name = identifier.text;
    const scopes = enclosingScopes(identifier);
    for (let i = 0; i < scopes.length; i++) {
      const binding = this.bindingsOf(scopes[i]).get(name);
      if (binding === undefined || binding === 'nonlocal') continue;
      if (binding === 'global') {
        const module = scopes[scopes.length - 1];
        const global = this.bindingsOf(module).get(name);
        return global === undefined || global === 'global' || global === 'nonlocal' ? 'variable' : global;
      }
      return binding;
    }
    return 'variable';
  }
}

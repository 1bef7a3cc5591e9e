import type { Kind } from '../analyzer.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { binderOf, enclosingClassOfStatement, isField, isTypeAliasAssignment } from './nodes.js';
import type { ScopeResolver } from './scopes.js';
import { stringKind } from './strings.js';

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const IMPORT_PARTS = new Set(['dotted_name', 'aliased_import', 'relative_import']);
const PARAMETER_LISTS = new Set(['parameters', 'lambda_parameters']);
const SPLATS = new Set(['list_splat_pattern', 'dictionary_splat_pattern']);

function isImportName(identifier: SyntaxNode): boolean {
  let parent = identifier.parent;
  while (parent && IMPORT_PARTS.has(parent.type)) parent = parent.parent;
  return parent !== null && IMPORTS.has(parent.type);
}

/** `def f(session_id, *session_ids, session_key: str = "", **session_kwargs)` and lambda parameters. */
function isParameterName(identifier: SyntaxNode): boolean {
  let node = identifier;
  let parent = identifier.parent;
  if (parent && SPLATS.has(parent.type)) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (PARAMETER_LISTS.has(parent.type)) return true;
  if (parent.type === 'typed_parameter') return !isField(parent, 'type', node);
  if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') return isField(parent, 'name', node);
  return false;
}

/** `self.session_id = ...` (or `cls.`) in a method declares an instance attribute; any other access is a member. */
function attributeKind(attribute: SyntaxNode): Kind {
  const object = attribute.childForFieldName('object');
  const binder = binderOf(attribute);
  const isAssigned = binder?.type === 'assignment' || binder?.type === 'augmented_assignment';
  return isAssigned && object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls') ? 'property' : 'member';
}

/** A name that declares something, by where it stands; undefined when it is a plain use. */
function declarationKind(identifier: SyntaxNode, parent: SyntaxNode): Kind | undefined {
  switch (parent.type) {
    case 'function_definition':
      if (isField(parent, 'name', identifier)) return 'function';
      break;
    case 'class_definition':
      if (isField(parent, 'name', identifier)) return 'class';
      break;
    case 'keyword_argument':
      if (isField(parent, 'name', identifier)) return 'keyword-argument';
      break;
    case 'keyword_pattern':
      if (parent.firstNamedChild?.id === identifier.id) return 'keyword-argument';
      break;
    case 'attribute':
      if (isField(parent, 'attribute', identifier)) return attributeKind(parent);
      break;
    case 'global_statement':
    case 'nonlocal_statement':
      return 'variable';
    case 'as_pattern':
      // `case ... as name` binds without an `alias` field.
      if (parent.firstNamedChild?.id !== identifier.id) return 'variable';
      break;
    case 'type': {
      // `type SessionId = ...` and `def f[SessionT]()`.
      const owner = parent.parent;
      // `type_parameter` also holds the arguments of a generic annotation (`Mapped[SessionId]`), which are uses.
      const declaring = owner?.parent?.type;
      if (owner?.type === 'type_parameter' && declaring !== 'generic_type') return 'type';
      if (owner?.type === 'type_alias_statement' && isField(owner, 'left', parent)) return 'type';
      break;
    }
    case 'dotted_name':
      // A bare name in a case pattern captures the subject: `case session_id:`.
      if (parent.parent?.type === 'case_pattern' && parent.namedChildCount === 1) return 'variable';
      break;
  }
  if (isImportName(identifier)) return 'import';
  if (isParameterName(identifier)) return 'parameter';
  const binder = binderOf(identifier);
  if (!binder) return undefined;
  if (isTypeAliasAssignment(binder)) return 'type';
  const isClassField = (binder.type === 'assignment' || binder.type === 'augmented_assignment') && enclosingClassOfStatement(binder);
  return isClassField ? 'property' : 'variable';
}

/**
 * The kind of the match starting in `leaf`: comments, string literal parts (docstrings and `__slots__`
 * entries apart), declarations by position, and plain uses by the declaration they resolve to.
 */
export function classifyLeaf(leaf: SyntaxNode, resolver: ScopeResolver): Kind {
  if (leaf.type === 'comment') return 'comment';
  if (leaf.type === 'identifier') {
    const parent = leaf.parent;
    return (parent && declarationKind(leaf, parent)) ?? resolver.resolve(leaf);
  }
  for (let node: SyntaxNode | null = leaf; node; node = node.parent) {
    if (node.type === 'string') return stringKind(node);
    if (node.type === 'interpolation') break;
  }
  return 'variable';
}

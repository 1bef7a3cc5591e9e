import type { Kind } from '../../findings/model.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { bindingKind, isField } from './bindings.js';
import type { Globals } from './globals.js';
import { literalKind } from './literals.js';
import { importSource, type ScopeResolver } from './scope.js';

/** How one match is reported: a reference of some kind, or a conflict with the reason it must stay. */
export type Site = { readonly kind: Kind } | { readonly conflict: string };

export const outside = (file: string, name: string): Site => ({ conflict: `declared outside the project (${file}: ${name})` });
export const dependencyExport = (specifier: string, name: string): Site => ({ conflict: `declared outside the project (exported by '${specifier}': ${name})` });
export const dependencyImport = (name: string): Site => ({ conflict: `imported from a dependency under its own name (${name}); import it under an alias to rename it here` });

const NAMED_DECLARATIONS: Readonly<Record<string, Kind>> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  function_expression: 'function',
  function: 'function',
  generator_function: 'function',
  function_signature: 'function',
  class: 'class',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  interface_declaration: 'type',
  type_alias_declaration: 'type',
  type_parameter: 'type',
  enum_declaration: 'type',
  internal_module: 'type',
  module: 'type',
  mapped_type_clause: 'type',
  // `[sessionId: string]: T` names the key like a parameter names an argument.
  index_signature: 'parameter',
};

const IMPORT_PARENTS = new Set(['import_specifier', 'import_clause', 'namespace_import', 'import_require_clause']);
const JSX_TAGS = new Set(['jsx_opening_element', 'jsx_closing_element', 'jsx_self_closing_element']);

/** Keys that a property_identifier declares, by the node that holds it. */
const KEY_PARENTS: Readonly<Record<string, Kind>> = {
  pair: 'property',
  jsx_attribute: 'property',
  public_field_definition: 'property',
  property_signature: 'property',
  enum_assignment: 'property',
  enum_body: 'property',
  method_definition: 'function',
  method_signature: 'function',
  abstract_method_signature: 'function',
  // `const { session_id: sid } = o` reads a member of `o`.
  pair_pattern: 'member',
};

/** Classifies the token a match falls in, using the file's scopes and the standard libraries' global names. */
export class SiteClassifier {
  constructor(
    private readonly scopes: ScopeResolver,
    private readonly globals: Globals,
    private readonly isDependency: (specifier: string) => boolean = () => false,
  ) {}

  /** Undefined when the match spans several tokens of code (`session-id` read as `session - id`). */
  classify(node: SyntaxNode): Site | undefined {
    const literal = literalKind(node);
    if (literal) return { kind: literal };
    switch (node.type) {
      case 'identifier':
        return this.identifier(node);
      case 'type_identifier':
        return this.typeIdentifier(node);
      case 'property_identifier':
      case 'private_property_identifier':
        return this.key(node);
      case 'shorthand_property_identifier':
        // `{ sessionId }` is one site for a key and a value; the key is what a reader sees first.
        return (this.scopes.resolve(node) ? undefined : this.global(node)) ?? { kind: 'property' };
      case 'shorthand_property_identifier_pattern':
        return bindingKindSite(node) ?? this.use(node);
      case 'statement_identifier':
        return { kind: 'variable' };
      default:
        return node.childCount === 0 ? { kind: 'variable' } : undefined;
    }
  }

  private identifier(node: SyntaxNode): Site {
    const parent = node.parent;
    if (parent) {
      const declared = NAMED_DECLARATIONS[parent.type];
      if (declared && isField(parent, 'name', node)) return { kind: declared };
      if (parent.type === 'import_specifier') return this.importedName(parent, node);
      if (IMPORT_PARENTS.has(parent.type)) return { kind: 'import' };
      if (parent.type === 'export_specifier' || parent.type === 'namespace_export') return { kind: 'export' };
      if (parent.type === 'nested_identifier' && isModuleName(parent)) return { kind: 'type' };
      // An intrinsic element (`<div>`, `<session-panel>`) is markup, not a name in scope.
      if (JSX_TAGS.has(parent.type) && /^[a-z]|-/.test(node.text)) return { kind: 'string' };
    }
    return bindingKindSite(node) ?? this.use(node);
  }

  private typeIdentifier(node: SyntaxNode): Site {
    const parent = node.parent;
    if (parent && NAMED_DECLARATIONS[parent.type] && isField(parent, 'name', node)) return { kind: NAMED_DECLARATIONS[parent.type] };
    if (this.scopes.resolve(node)) return { kind: 'type' };
    const file = this.globals.type(node.text);
    return file ? outside(file, node.text) : { kind: 'type' };
  }

  private key(node: SyntaxNode): Site {
    const parent = node.parent;
    if (!parent) return { kind: 'property' };
    if (parent.type === 'nested_identifier') return { kind: isModuleName(parent) ? 'type' : 'member' };
    if (parent.type === 'member_expression') return this.globalMember(parent, node) ?? { kind: 'member' };
    return { kind: KEY_PARENTS[parent.type] ?? 'property' };
  }

  /** `window.sessionStorage`, `document.cookie`: a member of a global instance the file does not redeclare. */
  private globalMember(access: SyntaxNode, property: SyntaxNode): Site | undefined {
    const object = access.childForFieldName('object');
    if (object?.type !== 'identifier' || this.scopes.resolve(object)) return undefined;
    const file = this.globals.member(object.text, property.text);
    return file ? outside(file, `${object.text}.${property.text}`) : undefined;
  }

  /**
   * In `import { a as b } from 'pkg'`, `a` is the dependency's name and cannot be renamed; the local alias `b`
   * can. Without an alias the local name is the dependency's too.
   */
  private importedName(specifier: SyntaxNode, node: SyntaxNode): Site {
    if (isField(specifier, 'alias', node)) return { kind: 'import' };
    let statement = specifier.parent;
    while (statement && statement.type !== 'import_statement') statement = statement.parent;
    const source = statement ? importSource(statement) : undefined;
    return source !== undefined && this.isDependency(source) ? dependencyExport(source, node.text) : { kind: 'import' };
  }

  private use(node: SyntaxNode): Site {
    const declared = this.scopes.resolve(node);
    if (declared === 'dependency') return dependencyImport(node.text);
    if (declared) return { kind: declared };
    return this.global(node) ?? { kind: 'variable' };
  }

  /** A name the file does not declare that a standard library declares globally (`sessionStorage`). */
  private global(node: SyntaxNode): Site | undefined {
    const file = this.globals.value(node.text);
    return file ? outside(file, node.text) : undefined;
  }
}

function bindingKindSite(node: SyntaxNode): Site | undefined {
  const kind = bindingKind(node);
  return kind ? { kind } : undefined;
}

/** `X.Y` in `namespace X.Y {}` names the namespace; elsewhere `A.b` is an access. */
function isModuleName(nested: SyntaxNode): boolean {
  let top = nested;
  while (top.parent?.type === 'nested_identifier') top = top.parent;
  const owner = top.parent;
  return !!owner && (owner.type === 'internal_module' || owner.type === 'module') && isField(owner, 'name', top);
}

import type { Kind } from '../../findings/model.js';
import type { SyntaxNode } from '../tree-sitter.js';
import { isField } from './bindings.js';

/** Tokens whose text is prose or data rather than code. */
const TEXT_TOKENS: Readonly<Record<string, Kind>> = {
  comment: 'comment',
  hash_bang_line: 'comment',
  regex_pattern: 'string',
  regex: 'string',
  jsx_text: 'string',
  html_character_reference: 'string',
};

/** `import … from 'x'`, `export … from 'x'`, `import x = require('x')`, `require('x')`, `import('x')`. */
function isModuleSpecifier(literal: SyntaxNode): boolean {
  const parent = literal.parent;
  if (!parent) return false;
  if (parent.type === 'import_statement' || parent.type === 'export_statement' || parent.type === 'import_require_clause') {
    return isField(parent, 'source', literal);
  }
  if (parent.type !== 'arguments' || parent.namedChild(0)?.id !== literal.id) return false;
  const callee = parent.parent?.type === 'call_expression' ? parent.parent.childForFieldName('function') : null;
  return callee?.type === 'import' || (callee?.type === 'identifier' && callee.text === 'require');
}

/** A quoted name in a declaring position: `{ 'session_id': 1 }`, `'session-id'?: string`, `{ 'session_id': s } = o`. */
function quotedKeyKind(literal: SyntaxNode): Kind | undefined {
  const parent = literal.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'pair':
      return isField(parent, 'key', literal) ? 'property' : undefined;
    case 'pair_pattern':
      return isField(parent, 'key', literal) ? 'member' : undefined;
    case 'property_signature':
    case 'public_field_definition':
    case 'enum_assignment':
    case 'enum_body':
      return parent.type === 'enum_body' || isField(parent, 'name', literal) ? 'property' : undefined;
    case 'method_definition':
    case 'method_signature':
      return isField(parent, 'name', literal) ? 'function' : undefined;
    default:
      return undefined;
  }
}

/**
 * The kind of a match inside a literal, comment or JSX text token, or undefined when `node` is not one.
 * Code inside `${...}` never reaches here: the smallest node around it is the identifier.
 */
export function literalKind(node: SyntaxNode): Kind | undefined {
  const textKind = TEXT_TOKENS[node.type];
  if (textKind) return textKind;
  const fragment = node.type === 'string_fragment' || node.type === 'escape_sequence';
  const literal = fragment ? node.parent : node;
  // A fragment elsewhere is text too: template literal types (`session_${string}`).
  if (!literal || (literal.type !== 'string' && literal.type !== 'template_string')) return fragment ? 'string' : undefined;
  if (isModuleSpecifier(literal)) return 'import';
  if (literal.type === 'string') return quotedKeyKind(literal) ?? 'string';
  return 'string';
}

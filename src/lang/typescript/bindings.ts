import type { SyntaxNode } from '../tree-sitter.js';

/** The kind a binding takes from the construct that declares it. */
export type BindingKind = 'parameter' | 'variable';

/** True when `node` is the child of `parent` under `field` (tree-sitter nodes are compared by id). */
export function isField(parent: SyntaxNode, field: string, node: SyntaxNode): boolean {
  return parent.childForFieldName(field)?.id === node.id;
}

/**
 * Whether a name inside a destructuring pattern stays a binding on the way up: `{ a: b }` binds `b` (the value),
 * `{ a = 1 }` and `[b = 1]` bind the left side; the key and the default are something else.
 */
function bindsThrough(parent: SyntaxNode, node: SyntaxNode): boolean {
  switch (parent.type) {
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      return true;
    case 'pair_pattern':
      return isField(parent, 'value', node);
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      return isField(parent, 'left', node);
    default:
      return false;
  }
}

/**
 * The kind of the declaration `node` (an identifier or a shorthand pattern) is the bound name of, or undefined
 * when it is not a declared name (a use, a destructuring assignment, a default value).
 */
export function bindingKind(node: SyntaxNode): BindingKind | undefined {
  let child = node;
  let parent = node.parent;
  while (parent && bindsThrough(parent, child)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'required_parameter':
    case 'optional_parameter':
      return isField(parent, 'pattern', child) ? 'parameter' : undefined;
    case 'formal_parameters':
      return 'parameter';
    case 'arrow_function':
      return isField(parent, 'parameter', child) ? 'parameter' : undefined;
    case 'catch_clause':
      return isField(parent, 'parameter', child) ? 'parameter' : undefined;
    case 'variable_declarator':
      return isField(parent, 'name', child) ? 'variable' : undefined;
    case 'for_in_statement':
      // `for (k of ks)` without `const`/`let`/`var` assigns an existing name.
      return isField(parent, 'left', child) && parent.childForFieldName('kind') ? 'variable' : undefined;
    default:
      return undefined;
  }
}

/** Every name a binding pattern declares: `{ a, b: [c, ...d], e = 1 }` → a, c, d, e. */
export function patternNames(pattern: SyntaxNode | null, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out.push(pattern.text);
      break;
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      for (const child of pattern.namedChildren) patternNames(child, out);
      break;
    case 'pair_pattern':
      patternNames(pattern.childForFieldName('value'), out);
      break;
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      patternNames(pattern.childForFieldName('left'), out);
      break;
    default:
      break;
  }
  return out;
}

/** The names a parameter list declares (`(a, { b }, ...c)`, or the bare `x` of `x => x`). */
export function parameterNames(fn: SyntaxNode, out: string[] = []): string[] {
  const single = fn.childForFieldName('parameter');
  if (single) return patternNames(single, out);
  const parameters = fn.childForFieldName('parameters');
  if (!parameters) return out;
  for (const parameter of parameters.namedChildren) {
    if (parameter.type === 'required_parameter' || parameter.type === 'optional_parameter') {
      patternNames(parameter.childForFieldName('pattern'), out);
    } else {
      patternNames(parameter, out);
    }
  }
  return out;
}

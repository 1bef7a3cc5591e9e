import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';

/** Bases and decorators that make a Python class a serialised shape: pydantic, ORMs, dataclasses, TypedDicts. */
const PY_SHAPE_BASES = /\b(BaseModel|BaseSettings|SQLModel|Base|DeclarativeBase|Model|Schema|Document|TypedDict|Struct)\b/;
const PY_SHAPE_DECORATORS = /\b(dataclass|dataclasses\.dataclass|attr\.s|attrs\.define|define|frozen)\b/;

function pythonShape(node: SyntaxNode): string | undefined {
  // A field: `session_id: str`, `session_id = Column(...)`, `session_id: Mapped[str] = mapped_column()` in a class body.
  const statement = node.parent?.type === 'assignment' ? node.parent : undefined;
  if (!statement || statement.childForFieldName('left')?.id !== node.id) return undefined;
  const body = statement.parent?.type === 'expression_statement' ? statement.parent.parent : undefined;
  const klass = body?.type === 'block' ? body.parent : undefined;
  if (klass?.type !== 'class_definition') return undefined;
  const name = klass.childForFieldName('name')?.text ?? '?';
  const bases = klass.childForFieldName('superclasses')?.text ?? '';
  const decorators = klass.parent?.type === 'decorated_definition' ? klass.parent.namedChildren.filter((c) => c.type === 'decorator').map((c) => c.text).join(' ') : '';
  if (PY_SHAPE_BASES.test(bases)) return `field of ${name}(${bases.replace(/^\(|\)$/g, '')})`;
  if (PY_SHAPE_DECORATORS.test(decorators)) return `field of ${decorators.split(/\s/)[0]} class ${name}`;
  return undefined;
}

function typescriptShape(node: SyntaxNode): string | undefined {
  if (node.type !== 'property_identifier' || node.parent?.type !== 'property_signature') return undefined;
  let owner: SyntaxNode | null = node.parent.parent;
  while (owner && owner.type !== 'interface_declaration' && owner.type !== 'type_alias_declaration') owner = owner.parent;
  return owner ? `property of ${owner.type === 'interface_declaration' ? 'interface' : 'type'} ${owner.childForFieldName('name')?.text ?? '?'}` : undefined;
}

/**
 * Why a renamed declaration is a key of a serialised shape (a pydantic or ORM model's field, a dataclass field, a
 * property of a TypeScript interface or object type): JSON payloads, stored documents and columns use the old key,
 * so the summary lists it with the persisted data. Undefined for anything else.
 */
export function serialisedShapeOf(tree: Tree, start: number, end: number): string | undefined {
  const node = tree.rootNode.namedDescendantForIndex(start, Math.max(start, end - 1));
  if (!node) return undefined;
  return pythonShape(node) ?? typescriptShape(node);
}

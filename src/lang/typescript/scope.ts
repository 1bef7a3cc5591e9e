import type { SyntaxNode } from '../tree-sitter.js';
import { parameterNames, patternNames } from './bindings.js';

/**
 * What a name can be declared as inside one file. `dependency` is a named import, without an alias, of a name a
 * dependency exports: the local name is the dependency's and cannot be renamed here.
 */
export type DeclarationKind = 'parameter' | 'variable' | 'function' | 'class' | 'type' | 'import' | 'dependency';
type Table = Map<string, DeclarationKind>;

const FUNCTIONS = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function_declaration',
  'generator_function',
  'arrow_function',
  'method_definition',
]);
const CLASSES = new Set(['class', 'class_declaration', 'abstract_class_declaration']);
const GENERIC_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration', 'function_signature', 'method_signature']);
const BLOCKS = new Set(['program', 'statement_block', 'switch_body']);
const OTHER_SCOPES = new Set(['for_statement', 'for_in_statement', 'catch_clause']);
/** `var` belongs to the nearest function (or the module), whatever block it is written in. */
const VAR_SCOPES = new Set([...FUNCTIONS, 'program']);

const isScope = (type: string): boolean =>
  BLOCKS.has(type) || FUNCTIONS.has(type) || CLASSES.has(type) || GENERIC_DECLARATIONS.has(type) || OTHER_SCOPES.has(type);

function declare(table: Table, name: string | undefined, kind: DeclarationKind): void {
  // Overloads and declaration merging repeat a name; the first declaration decides.
  if (name && !table.has(name)) table.set(name, kind);
}

function declareAll(table: Table, names: string[], kind: DeclarationKind): void {
  for (const name of names) declare(table, name, kind);
}

/** The module specifier of an import statement, without its quotes. */
export function importSource(statement: SyntaxNode): string | undefined {
  const source = statement.childForFieldName('source');
  return source ? source.text.slice(1, -1) : undefined;
}

function declareImport(statement: SyntaxNode, table: Table, isDependency: (specifier: string) => boolean): void {
  const source = importSource(statement);
  const fromDependency = source !== undefined && isDependency(source);
  for (const clause of statement.namedChildren) {
    if (clause.type === 'import_require_clause') declare(table, clause.namedChildren.find((c) => c.type === 'identifier')?.text, 'import');
    if (clause.type !== 'import_clause') continue;
    for (const part of clause.namedChildren) {
      if (part.type === 'identifier') declare(table, part.text, 'import');
      else if (part.type === 'namespace_import') declare(table, part.namedChildren.find((c) => c.type === 'identifier')?.text, 'import');
      else if (part.type === 'named_imports') {
        for (const specifier of part.namedChildren) {
          if (specifier.type !== 'import_specifier') continue;
          const alias = specifier.childForFieldName('alias');
          declare(table, (alias ?? specifier.childForFieldName('name'))?.text, fromDependency && !alias ? 'dependency' : 'import');
        }
      }
    }
  }
}

/** The names one statement of a block declares in that block. */
type IsDependency = (specifier: string) => boolean;
const noDependencies: IsDependency = () => false;

function declareStatement(statement: SyntaxNode, table: Table, isDependency: IsDependency = noDependencies): void {
  const name = (): string | undefined => statement.childForFieldName('name')?.text;
  switch (statement.type) {
    case 'export_statement': {
      const declaration = statement.childForFieldName('declaration');
      if (declaration) declareStatement(declaration, table, isDependency);
      return;
    }
    case 'ambient_declaration':
    case 'expression_statement':
      for (const child of statement.namedChildren) declareStatement(child, table, isDependency);
      return;
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of statement.namedChildren) {
        if (declarator.type === 'variable_declarator') declareAll(table, patternNames(declarator.childForFieldName('name')), 'variable');
      }
      return;
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature':
      return declare(table, name(), 'function');
    case 'class_declaration':
    case 'abstract_class_declaration':
      return declare(table, name(), 'class');
    case 'interface_declaration':
    case 'type_alias_declaration':
    case 'enum_declaration':
    case 'internal_module':
    case 'module':
      return declare(table, name()?.split('.')[0], 'type');
    case 'import_statement':
      return declareImport(statement, table, isDependency);
    default:
      return;
  }
}

function statementsOf(block: SyntaxNode): SyntaxNode[] {
  if (block.type !== 'switch_body') return block.namedChildren;
  return block.namedChildren.flatMap((clause) => clause.namedChildren.filter((child) => !(clause.childForFieldName('value')?.id === child.id)));
}

function buildTable(scope: SyntaxNode, isDependency: IsDependency = noDependencies): Table {
  const table: Table = new Map();
  const type = scope.type;
  if (BLOCKS.has(type)) {
    for (const statement of statementsOf(scope)) declareStatement(statement, table, isDependency);
    return table;
  }
  const typeParameters = scope.childForFieldName('type_parameters');
  if (typeParameters) {
    for (const parameter of typeParameters.namedChildren) declare(table, parameter.childForFieldName('name')?.text, 'type');
  }
  if (FUNCTIONS.has(type)) {
    declareAll(table, parameterNames(scope), 'parameter');
    // A named function expression sees its own name; a declaration's name lives in the enclosing block.
    if (type === 'function_expression' || type === 'function' || type === 'generator_function') {
      declare(table, scope.childForFieldName('name')?.text, 'function');
    }
  } else if (type === 'class') {
    declare(table, scope.childForFieldName('name')?.text, 'class');
  } else if (type === 'for_statement') {
    const initializer = scope.childForFieldName('initializer');
    if (initializer) declareStatement(initializer, table);
  } else if (type === 'for_in_statement') {
    if (scope.childForFieldName('kind')) declareAll(table, patternNames(scope.childForFieldName('left')), 'variable');
  } else if (type === 'catch_clause') {
    declareAll(table, patternNames(scope.childForFieldName('parameter')), 'parameter');
  }
  return table;
}

/** `var` declarations anywhere in a function body (or the module), outside nested functions. */
function buildVarTable(scope: SyntaxNode): Table {
  const table: Table = new Map();
  for (const node of scope.descendantsOfType(['variable_declaration', 'for_in_statement'])) {
    let owner = node.parent;
    while (owner && !VAR_SCOPES.has(owner.type)) owner = owner.parent;
    if (owner?.id !== scope.id) continue;
    if (node.type === 'variable_declaration') declareStatement(node, table);
    else if (node.childForFieldName('kind')?.type === 'var') declareAll(table, patternNames(node.childForFieldName('left')), 'variable');
  }
  return table;
}

/**
 * Resolves a name used in one file to the kind of its declaration by walking the enclosing scopes, like a
 * reader would. No type information: `obj.x` is not resolved here, and a name declared in another file is only
 * known through its import. Tables are built once per scope, on first need.
 */
export class ScopeResolver {
  private readonly tables = new Map<number, Table>();

  /** `isDependency` tells which import specifiers name a dependency (see dependencies.ts). */
  constructor(private readonly isDependency: IsDependency = noDependencies) {}

  private readonly varTables = new Map<number, Table>();

  resolve(use: SyntaxNode, name: string = use.text): DeclarationKind | undefined {
    for (let scope = use.parent; scope; scope = scope.parent) {
      if (!isScope(scope.type)) continue;
      const found = this.table(this.tables, scope, (block) => buildTable(block, this.isDependency)).get(name);
      if (found) return found;
      if (VAR_SCOPES.has(scope.type)) {
        const hoisted = this.table(this.varTables, scope, buildVarTable).get(name);
        if (hoisted) return hoisted;
      }
    }
    return undefined;
  }

  private table(cache: Map<number, Table>, scope: SyntaxNode, build: (scope: SyntaxNode) => Table): Table {
    let table = cache.get(scope.id);
    if (!table) {
      table = build(scope);
      cache.set(scope.id, table);
    }
    return table;
  }
}

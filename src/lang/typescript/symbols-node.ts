import type ts from 'typescript';

/** The syntax facts the engine needs about a site, read from TypeScript's own tree (which parses what tree-sitter may not). */
export class SiteNodes {
  constructor(private readonly typescript: typeof ts) {}

  /**
   * The innermost node at `position` that spells a name or a string; undefined in a comment (JSDoc included: the
   * walk does not enter it), whitespace or punctuation.
   */
  nameAt(file: ts.SourceFile, position: number): ts.Node | undefined {
    const typescript = this.typescript;
    const node = this.innermostAt(file, position);
    if (position < node.getStart(file)) return undefined;
    return this.isIdentifier(node) || this.isStringLike(node) || this.isTemplatePart(node) || node.kind === typescript.SyntaxKind.JsxText ? node : undefined;
  }

  /** The innermost node whose span (leading trivia included) holds `position`. */
  innermostAt(file: ts.SourceFile, position: number): ts.Node {
    let node: ts.Node = file;
    for (;;) {
      const child = this.typescript.forEachChild(node, (c) => (c.pos <= position && position < c.end ? c : undefined));
      if (!child) return node;
      node = child;
    }
  }

  /** The regular expression literal at `position`, whose words are text no symbol owns. */
  regexAt(file: ts.SourceFile, position: number): ts.RegularExpressionLiteral | undefined {
    const node = this.innermostAt(file, position);
    return this.typescript.isRegularExpressionLiteral(node) ? node : undefined;
  }

  isIdentifier(node: ts.Node): node is ts.Identifier | ts.PrivateIdentifier {
    return this.typescript.isIdentifier(node) || this.typescript.isPrivateIdentifier(node);
  }

  /** Strings TypeScript can tie to a symbol (its rename works on these). */
  isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
    return this.typescript.isStringLiteral(node) || this.typescript.isNoSubstitutionTemplateLiteral(node);
  }

  isTemplatePart(node: ts.Node): boolean {
    const { SyntaxKind } = this.typescript;
    return node.kind === SyntaxKind.TemplateHead || node.kind === SyntaxKind.TemplateMiddle || node.kind === SyntaxKind.TemplateTail;
  }

  /** The whole string expression a site lies in: a template literal for its parts, the literal itself otherwise. */
  stringRoot(node: ts.Node): ts.Node {
    const typescript = this.typescript;
    if (typescript.isTemplateHead(node)) return node.parent;
    if (typescript.isTemplateMiddle(node) || typescript.isTemplateTail(node)) return node.parent.parent;
    return node;
  }

  /**
   * The object whose key `node` spells, unless the key is a shorthand (`{ sessionId }`: TypeScript renames the
   * local there and keeps the key with prefix text, which is right whoever declares the key). JSX attributes are
   * keys of the element's props.
   */
  keyOwner(node: ts.Node): ts.ObjectLiteralExpression | ts.JsxAttributes | undefined {
    const typescript = this.typescript;
    let name: ts.Node = node;
    if (typescript.isComputedPropertyName(node.parent) && this.isStringLike(node)) name = node.parent;
    const parent = name.parent;
    if (typescript.isJsxAttribute(parent) && parent.name === name) return parent.parent;
    const member = typescript.isPropertyAssignment(parent) || typescript.isMethodDeclaration(parent) || typescript.isAccessor(parent);
    if (member && parent.name === name && typescript.isObjectLiteralExpression(parent.parent)) return parent.parent;
    return undefined;
  }

  /**
   * Where to ask about an identifier. A named import or re-export (`import { x }`, `export { x } from`) spells
   * the exported symbol, so the question goes to that symbol's declaration: asked at the alias, TypeScript would
   * rename the alias alone (`x as y`). Local names (`import x from`, `import { a as x }`, `import * as x`) are the
   * file's own and are asked where they stand. `unresolved` names the module specifier that does not resolve.
   */
  askAt(checker: ts.TypeChecker, node: ts.Node): { readonly node: ts.Node } | { readonly unresolved: string; readonly exportName: string } {
    const typescript = this.typescript;
    const symbol = checker.getSymbolAtLocation(node);
    if (!symbol || !(symbol.flags & typescript.SymbolFlags.Alias)) return { node };
    const declaration = symbol.declarations?.[0];
    if (!declaration || !(typescript.isImportSpecifier(declaration) || typescript.isExportSpecifier(declaration))) return { node };
    if (declaration.propertyName && node !== declaration.propertyName) return { node };
    const specifier = typescript.isImportSpecifier(declaration) ? declaration.parent.parent.parent.moduleSpecifier : declaration.parent.parent.moduleSpecifier;
    const exportName = (declaration.propertyName ?? declaration.name).text;
    if (specifier && typescript.isStringLiteral(specifier) && !checker.getSymbolAtLocation(specifier)) return { unresolved: specifier.text, exportName };
    const target = checker.getAliasedSymbol(symbol);
    const name = target.declarations?.map((d) => typescript.getNameOfDeclaration(d)).find((n): n is ts.DeclarationName => n !== undefined);
    if (!name) return specifier && typescript.isStringLiteral(specifier) ? { unresolved: specifier.text, exportName } : { node };
    return { node: name };
  }

  /**
   * The object of `obj.key` (or `obj["key"]`) when `key` names no declared member but `obj`'s type has an index signature: a
   * dynamic key, like `obj["key"]`, that no symbol owns (`Record<string, unknown>`, a headers map).
   */
  indexedObject(checker: ts.TypeChecker, node: ts.Node): ts.LeftHandSideExpression | undefined {
    const typescript = this.typescript;
    const parent = node.parent;
    const named = typescript.isPropertyAccessExpression(parent) && parent.name === node;
    if (!named && !(typescript.isElementAccessExpression(parent) && parent.argumentExpression === node)) return undefined;
    const type = checker.getTypeAtLocation(parent.expression);
    if (type.flags & typescript.TypeFlags.Any) return undefined;
    const members = type.isUnion() ? type.types : [type];
    return members.some((member) => checker.getIndexInfosOfType(checker.getApparentType(member)).length > 0) ? parent.expression : undefined;
  }

  /**
   * Whether a symbol can only be named in its own file (a local, a parameter, a module's unexported declaration),
   * so no other project can hold a reference and asking one project is enough.
   */
  isFileLocal(declarations: readonly ts.Declaration[]): boolean {
    const typescript = this.typescript;
    const { SyntaxKind } = typescript;
    return declarations.length > 0 && declarations.every((declaration) => {
      if (typescript.isParameter(declaration)) return !typescript.getModifiers(declaration)?.length && !typescript.isParameterPropertyDeclaration(declaration, declaration.parent);
      const named = [SyntaxKind.VariableDeclaration, SyntaxKind.BindingElement, SyntaxKind.FunctionDeclaration, SyntaxKind.ClassDeclaration,
        SyntaxKind.InterfaceDeclaration, SyntaxKind.TypeAliasDeclaration, SyntaxKind.EnumDeclaration, SyntaxKind.TypeParameter,
        SyntaxKind.ImportClause, SyntaxKind.NamespaceImport, SyntaxKind.ImportSpecifier];
      if (!named.includes(declaration.kind)) return false;
      const file = declaration.getSourceFile();
      for (let node: ts.Node = declaration.parent; node !== file; node = node.parent) {
        if (typescript.isFunctionLike(node) || typescript.isBlock(node) || typescript.isCatchClause(node)) return true;
        if (typescript.isModuleBlock(node)) return false;
      }
      if (declaration.kind === SyntaxKind.TypeParameter) return true;
      // A top-level declaration is the file's own when the file is a module and does not export it.
      const exported = (typescript.getCombinedModifierFlags(declaration) & (typescript.ModifierFlags.Export | typescript.ModifierFlags.Ambient)) !== 0;
      return typescript.isExternalModule(file) && !exported && !this.exportedByName(file, typescript.getNameOfDeclaration(declaration));
    });
  }

  /** `export { name }`, `export { name as other }` or `export default name` further down the file. */
  private exportedByName(file: ts.SourceFile, name: ts.Node | undefined): boolean {
    const typescript = this.typescript;
    if (!name || !typescript.isIdentifier(name)) return true;
    return file.statements.some((statement) => {
      if (typescript.isExportAssignment(statement)) return typescript.isIdentifier(statement.expression) && statement.expression.text === name.text;
      if (!typescript.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause) return false;
      return typescript.isNamedExports(statement.exportClause)
        && statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).getText() === name.text);
    });
  }
}

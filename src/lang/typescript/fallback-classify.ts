import type * as TS from 'typescript';
import type { Kind } from '../../findings/model.js';
import { dependencyExport, dependencyImport, outside, type Site } from './classify.js';
import type { TypeScriptParse } from './fallback-parse.js';
import type { Globals } from './globals.js';

/**
 * Classifies matches from TypeScript's own syntax tree, for the regions of a file where tree-sitter recovered from
 * an error it should not have met (see recovered-regions.ts). The kinds follow the tree-sitter classifier
 * (classify.ts): declarations by position, uses by the declaration they resolve to (here TypeScript's binder, within
 * this one file), names the standard libraries declare as conflicts.
 */
export class FallbackClassifier {
  private readonly ts: typeof TS;
  private readonly k: typeof TS.SyntaxKind;

  constructor(
    private readonly parsed: TypeScriptParse,
    private readonly globals: Globals,
    private readonly isDependency: (specifier: string) => boolean,
  ) {
    this.ts = parsed.ts;
    this.k = parsed.ts.SyntaxKind;
  }

  /** Undefined when the match spans several tokens of code. */
  classify(start: number, end: number): Site | undefined {
    const token = this.tokenAt(start);
    if (token === 'trivia') return { kind: 'comment' };
    if (!token || end > token.end) return undefined;
    const k = this.k;
    switch (token.kind) {
      case k.StringLiteral:
        return { kind: this.stringKind(token) };
      case k.NoSubstitutionTemplateLiteral:
      case k.TemplateHead:
      case k.TemplateMiddle:
      case k.TemplateTail:
      case k.RegularExpressionLiteral:
      case k.JsxText:
      case k.JsxTextAllWhiteSpaces:
        return { kind: 'string' };
      case k.Identifier:
      case k.PrivateIdentifier:
        return this.identifier(token as TS.Identifier);
      default:
        return { kind: 'variable' };
    }
  }

  /** The token whose text holds `offset`, or 'trivia' when `offset` lies in the comments before a token. */
  private tokenAt(offset: number): TS.Node | 'trivia' | undefined {
    const { sourceFile } = this.parsed;
    let node: TS.Node = sourceFile;
    for (;;) {
      const child: TS.Node | undefined = node.getChildren(sourceFile).find((c) => c.pos <= offset && offset < c.end);
      if (!child) return node === sourceFile ? undefined : node;
      if (offset < child.getStart(sourceFile)) return 'trivia';
      node = child;
    }
  }

  private stringKind(literal: TS.Node): Kind {
    const ts = this.ts;
    const parent = literal.parent;
    if (isModuleSpecifier(ts, literal)) return 'import';
    if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isEnumMember(parent)) && parent.name === literal) return 'property';
    if ((ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === literal) return 'function';
    if (ts.isBindingElement(parent) && parent.propertyName === literal) return 'member';
    return 'string';
  }

  private identifier(id: TS.Identifier): Site {
    const ts = this.ts;
    const parent = id.parent;
    const named = (node: TS.Node & { readonly name?: TS.Node }) => node.name === id;
    if (ts.isVariableDeclaration(parent) && named(parent)) return { kind: ts.isCatchClause(parent.parent) ? 'parameter' : 'variable' };
    if (ts.isParameter(parent) && named(parent)) return { kind: 'parameter' };
    if (ts.isBindingElement(parent)) return { kind: parent.propertyName === id ? 'member' : bindingRoot(ts, parent) };
    if ((ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && named(parent)) return { kind: 'function' };
    if ((ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) && named(parent)) return { kind: 'class' };
    if ((ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isTypeParameterDeclaration(parent) || ts.isEnumDeclaration(parent) || ts.isModuleDeclaration(parent)) && named(parent)) return { kind: 'type' };
    if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isEnumMember(parent) || ts.isJsxAttribute(parent)) && named(parent)) return { kind: 'property' };
    if (ts.isShorthandPropertyAssignment(parent)) {
      // `{ sessionId }` is one site for a key and a value; the key is what a reader sees first.
      return (this.parsed.checker().getShorthandAssignmentValueSymbol(parent) ? undefined : this.global(id)) ?? { kind: 'property' };
    }
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) return this.globalMember(parent) ?? { kind: 'member' };
    if (ts.isQualifiedName(parent) && parent.right === id) return { kind: ts.isTypeReferenceNode(parent.parent) ? 'type' : 'member' };
    if (ts.isImportSpecifier(parent)) return this.importedName(parent, id);
    if (ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) return { kind: 'import' };
    if (ts.isExportSpecifier(parent) || ts.isNamespaceExport(parent)) return { kind: 'export' };
    if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return { kind: 'variable' };
    // An intrinsic element (`<div>`, `<session-panel>`) is markup, not a name in scope.
    if (ts.isJsxOpeningLikeElement(parent) || ts.isJsxClosingElement(parent)) {
      if (parent.tagName === id && /^[a-z]|-/.test(id.text)) return { kind: 'string' };
    }
    if (ts.isTypeReferenceNode(parent)) return this.typeName(id);
    return this.use(id);
  }

  /** In `import { a as b } from 'pkg'`, `a` is the dependency's name; the local alias `b` is the project's. */
  private importedName(specifier: TS.ImportSpecifier, id: TS.Identifier): Site {
    const ts = this.ts;
    if (specifier.propertyName && specifier.name === id) return { kind: 'import' };
    const declaration = specifier.parent.parent.parent;
    const source = ts.isStringLiteral(declaration.moduleSpecifier) ? declaration.moduleSpecifier.text : undefined;
    return source !== undefined && this.isDependency(source) ? dependencyExport(source, id.text) : { kind: 'import' };
  }

  private typeName(id: TS.Identifier): Site {
    if (this.parsed.checker().getSymbolAtLocation(id)) return { kind: 'type' };
    const file = this.globals.type(id.text);
    return file ? outside(file, id.text) : { kind: 'type' };
  }

  private use(id: TS.Identifier): Site {
    const declaration = this.parsed.checker().getSymbolAtLocation(id)?.declarations?.[0];
    if (!declaration) return this.global(id) ?? { kind: 'variable' };
    const ts = this.ts;
    if (ts.isImportSpecifier(declaration) && !declaration.propertyName) {
      const module = declaration.parent.parent.parent.moduleSpecifier;
      if (ts.isStringLiteral(module) && this.isDependency(module.text)) return dependencyImport(id.text);
    }
    return { kind: declarationKind(ts, declaration) };
  }

  private global(id: TS.Identifier): Site | undefined {
    const file = this.globals.value(id.text);
    return file ? outside(file, id.text) : undefined;
  }

  /** `window.sessionStorage`, `document.cookie`: a member of a global instance the file does not redeclare. */
  private globalMember(access: TS.PropertyAccessExpression): Site | undefined {
    const object = access.expression;
    if (!this.ts.isIdentifier(object) || this.parsed.checker().getSymbolAtLocation(object)) return undefined;
    const file = this.globals.member(object.text, access.name.text);
    return file ? outside(file, `${object.text}.${access.name.text}`) : undefined;
  }
}

/** `import … from 'x'`, `export … from 'x'`, `import x = require('x')`, `require('x')`, `import('x')`, `typeof import('x')`. */
function isModuleSpecifier(ts: typeof TS, literal: TS.Node): boolean {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return parent.moduleSpecifier === literal;
  if (ts.isExternalModuleReference(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return ts.isImportTypeNode(parent.parent);
  if (!ts.isCallExpression(parent) || parent.arguments[0] !== literal) return false;
  const callee = parent.expression;
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
}

/** A destructured name is a parameter or a variable, after what the whole pattern declares. */
function bindingRoot(ts: typeof TS, element: TS.BindingElement): Kind {
  let node: TS.Node = element;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) node = node.parent;
  return ts.isParameter(node) || (ts.isVariableDeclaration(node) && ts.isCatchClause(node.parent)) ? 'parameter' : 'variable';
}

/** The kind a use takes from the declaration TypeScript resolves it to. */
function declarationKind(ts: typeof TS, declaration: TS.Declaration): Kind {
  if (ts.isParameter(declaration)) return 'parameter';
  if (ts.isBindingElement(declaration)) return bindingRoot(ts, declaration);
  if (ts.isVariableDeclaration(declaration)) return ts.isCatchClause(declaration.parent) ? 'parameter' : 'variable';
  if (ts.isFunctionLike(declaration)) return 'function';
  if (ts.isClassLike(declaration)) return 'class';
  if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isEnumDeclaration(declaration) || ts.isModuleDeclaration(declaration) || ts.isTypeParameterDeclaration(declaration)) return 'type';
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration)) return 'import';
  return 'variable';
}

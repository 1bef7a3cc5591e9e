import type ts from 'typescript';
import { quoteCode } from '../../symbols/quote-code.js';

/** Why TypeScript cannot bind a name, in words a user can act on (usually: install the dependencies). */
export class Unresolved {
  constructor(private readonly typescript: typeof ts) {}

  /**
   * The package a bare specifier resolves to in node_modules when TypeScript left it out of the program (plain
   * JavaScript without type declarations): installed, so its names are a dependency's, not unknown.
   */
  installedPackage(program: ts.Program, fromFile: string, specifier: string): string | undefined {
    const typescript = this.typescript;
    const { resolvedModule } = typescript.resolveModuleName(specifier, fromFile, { ...program.getCompilerOptions(), allowJs: true }, typescript.sys);
    if (!resolvedModule?.isExternalLibraryImport) return undefined;
    return resolvedModule.packageId?.name ?? specifier;
  }

  /** A sentence on why the name at `node` has no declaration TypeScript can find. */
  cause(program: ts.Program, checker: ts.TypeChecker, node: ts.Node): string {
    const typescript = this.typescript;
    const parent = node.parent;
    const name = node.getText();
    const object = typescript.isPropertyAccessExpression(parent) && parent.name === node ? parent.expression
      : typescript.isQualifiedName(parent) && parent.right === node ? parent.left : undefined;
    if (!object) return `TypeScript finds no declaration of \`${name}\`.`;
    const text = object.getText().replace(/\s+/g, ' ').slice(0, 60);
    const module = this.rootModule(checker, object);
    if (module && !this.installedPackage(program, node.getSourceFile().fileName, module)) {
      return `${quoteCode(text)} comes from '${module}', which TypeScript cannot resolve (are dependencies installed?).`;
    }
    const type = checker.getTypeAtLocation(object);
    if (type.flags & typescript.TypeFlags.Any) return `The type of ${quoteCode(text)} is any, so TypeScript cannot tell whose \`${name}\` this is.`;
    return `\`${checker.typeToString(type).slice(0, 60)}\` declares no \`${name}\`.`;
  }

  /** The module an augmentation (`declare module "x" {}` in a module file) extends, when it does not resolve. */
  augmentation(program: ts.Program, declarations: readonly ts.Declaration[]): string | undefined {
    const typescript = this.typescript;
    for (const declaration of declarations) {
      for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
        if (!typescript.isModuleDeclaration(node) || !typescript.isStringLiteral(node.name)) continue;
        const file = node.getSourceFile();
        if (!typescript.isExternalModule(file)) break;
        const { resolvedModule } = typescript.resolveModuleName(node.name.text, file.fileName, program.getCompilerOptions(), typescript.sys);
        if (!resolvedModule) return node.name.text;
        break;
      }
    }
    return undefined;
  }

  /**
   * For a member of an imported value (`x.sessionId`, `x` from 'pkg'), the installed package when TypeScript
   * left it out of the program for want of type declarations.
   */
  memberOfInstalled(program: ts.Program, checker: ts.TypeChecker, node: ts.Node): string | undefined {
    const parent = node.parent;
    const typescript = this.typescript;
    const object = typescript.isPropertyAccessExpression(parent) && parent.name === node ? parent.expression
      : typescript.isQualifiedName(parent) && parent.right === node ? parent.left : undefined;
    const module = object && this.rootModule(checker, object);
    return module ? this.installedPackage(program, node.getSourceFile().fileName, module) : undefined;
  }

  /** The module specifier the leftmost name of `a.b().c` was imported from, if it was imported. */
  private rootModule(checker: ts.TypeChecker, expression: ts.Node): string | undefined {
    const typescript = this.typescript;
    let node = expression;
    while (!typescript.isIdentifier(node)) {
      if (typescript.isPropertyAccessExpression(node) || typescript.isElementAccessExpression(node) || typescript.isCallExpression(node)
        || typescript.isNewExpression(node) || typescript.isNonNullExpression(node) || typescript.isParenthesizedExpression(node)
        || typescript.isAwaitExpression(node) || typescript.isAsExpression(node)) node = node.expression;
      else if (typescript.isQualifiedName(node)) node = node.left;
      else return undefined;
    }
    const declaration = checker.getSymbolAtLocation(node)?.declarations?.[0];
    let importNode: ts.Node | undefined = declaration;
    while (importNode && !typescript.isImportDeclaration(importNode)) importNode = importNode.parent;
    const specifier = importNode && (importNode as ts.ImportDeclaration).moduleSpecifier;
    return specifier && typescript.isStringLiteral(specifier) ? specifier.text : undefined;
  }
}

import type ts from 'typescript';

/**
 * String literal types (`type: "session"` where the property's type is `"session" | "flow"`). TypeScript renames
 * such a literal with every same-spelled literal of the same type in the program, a dependency's unrelated ones
 * included (`http2.d.ts` has its own `"session"`), since no symbol ties them. Their owner is read from where the
 * literal's type is written instead: the property, parameter or alias that declares it.
 */
export class LiteralTypes {
  constructor(private readonly typescript: typeof ts) {}

  /** A string TypeScript ties to others by its literal type alone (no symbol at it). */
  isLiteralType(checker: ts.TypeChecker, node: ts.Node): boolean {
    const typescript = this.typescript;
    return (typescript.isStringLiteral(node) || typescript.isNoSubstitutionTemplateLiteral(node)) && !checker.getSymbolAtLocation(node);
  }

  /**
   * Whether the literal is an argument whose parameter takes any value (`any`, `unknown`, a type parameter:
   * `is<A, E extends A>(actual: A, expected: E)`): its literal type is inferred from the argument, written by nobody.
   */
  passedThrough(checker: ts.TypeChecker, node: ts.Node): boolean {
    const typescript = this.typescript;
    const parent = node.parent;
    if (!this.isLiteralType(checker, node) || !(typescript.isCallExpression(parent) || typescript.isNewExpression(parent))) return false;
    const index = parent.arguments?.indexOf(node as ts.Expression) ?? -1;
    const declaration = index < 0 ? undefined : checker.getResolvedSignature(parent)?.declaration;
    const parameters = declaration && !typescript.isJSDocSignature(declaration) ? declaration.parameters : undefined;
    const parameter = parameters?.[Math.min(index, parameters.length - 1)];
    let typeNode = parameter?.type;
    if (!parameter || !typeNode) return false;
    if (parameter.dotDotDotToken && typescript.isArrayTypeNode(typeNode)) typeNode = typeNode.elementType;
    const type = checker.getTypeFromTypeNode(typeNode);
    if (type.flags & (typescript.TypeFlags.Any | typescript.TypeFlags.Unknown)) return true;
    if (!(type.flags & typescript.TypeFlags.TypeParameter)) return false;
    // `<K extends keyof Hooks>(name: K)` still takes the literal as the property it names: TypeScript ties them.
    const constraint = checker.getBaseConstraintOfType(type);
    const literal = (member: ts.Type): boolean => (member.flags & (typescript.TypeFlags.StringLiteral | typescript.TypeFlags.TemplateLiteral | typescript.TypeFlags.StringMapping)) !== 0;
    return !constraint || !(constraint.isUnion() ? constraint.types.some(literal) : literal(constraint));
  }

  /** Where the literal's type is written: the contextual property, the parameter it is passed to, or the alias. */
  declarations(checker: ts.TypeChecker, node: ts.Expression): ts.Declaration[] {
    const typescript = this.typescript;
    const parent = node.parent;
    if (typescript.isPropertyAssignment(parent) && parent.initializer === node && typescript.isObjectLiteralExpression(parent.parent)) {
      const type = checker.getContextualType(parent.parent);
      const name = parent.name.getText().replace(/^['"]|['"]$/g, '');
      const members = type ? (type.isUnion() ? type.types : [type]) : [];
      const declared = members.flatMap((member) => checker.getPropertyOfType(checker.getApparentType(member), name)?.declarations ?? []);
      if (declared.length > 0) return declared;
    }
    if ((typescript.isCallExpression(parent) || typescript.isNewExpression(parent)) && parent.arguments?.includes(node)) {
      const declaration = checker.getResolvedSignature(parent)?.declaration;
      const parameters = declaration && !typescript.isJSDocSignature(declaration) ? declaration.parameters : undefined;
      const parameter = parameters?.[Math.min(parent.arguments.indexOf(node), parameters.length - 1)];
      if (parameter) return [parameter];
    }
    if ((typescript.isVariableDeclaration(parent) || typescript.isParameter(parent) || typescript.isPropertyDeclaration(parent)) && parent.type) return [parent];
    return [...(checker.getContextualType(node)?.aliasSymbol?.declarations ?? [])];
  }
}

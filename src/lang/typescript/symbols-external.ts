import type ts from 'typescript';
import { TEST_TITLE_CALLS, UNRESOLVED_TEST_TITLE_CALLS } from '../../symbols/test-runners.js';
import type { Owners } from './symbols-owner.js';
import { toolConfigExport } from './tool-config.js';

/** A call-like expression a value flows into as an argument (or as a JSX attribute, or a tagged template). */
export interface Sink {
  readonly call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression | ts.JsxOpeningLikeElement;
  /** The argument the value is part of (calls only). */
  readonly argument?: ts.Expression;
}

/** Who a sink's target is: unresolved (any, or a module that does not resolve), the project's, or foreign. */
export type SinkTarget =
  | { readonly resolved: false; readonly callee: string }
  | {
      readonly resolved: true;
      readonly foreign?: string;
      readonly callee: string;
      readonly declaration?: ts.Declaration;
      readonly parameter?: string;
      /** The parameter takes any value (`any`, `unknown`, a type parameter): see `passesThrough`. */
      readonly passthrough?: boolean;
      /** The parameter is a rest parameter (`...args`). */
      readonly rest?: boolean;
    };

/**
 * Parameters that take prose (a log line, an error message, a label): a string passed there is read by people,
 * not looked up by the other side, so it is no contract even when the API is a dependency's.
 */
const PROSE_PARAMETER = /^(?:message|msg|text|description|desc|title|label|reason|details?|hint|summary|data|optionalParams)$/i;
/**
 * `...args` of a logger is the rest of a log line; a list parameter named `args` is another program's argv
 * (`spawnSync(cmd, args)`, `execFile`, `fork`), whose words that program looks up: commander's tests pass
 * `['exit-override', 'terminate']` to a child program, which the rename left with an unknown sub-command.
 */
const PROSE_REST_PARAMETER = /^args$/i;
/**
 * Web Storage keys are chosen by the project and read back only by the project (the issue's
 * `import_session_${id}`): the platform stores whatever key it is given, so these calls are no contract.
 */
const STORAGE_METHODS = new Set(['getItem', 'setItem', 'removeItem']);

export class Externals {
  constructor(
    private readonly typescript: typeof ts,
    private readonly owners: Owners,
  ) {}

  /** The call a value flows into directly: through parentheses, casts, templates, `+`, `??`, arrays and object literals. */
  sinkOf(start: ts.Node): Sink | undefined {
    const typescript = this.typescript;
    const { SyntaxKind } = typescript;
    let child = start;
    for (let parent = start.parent; parent; child = parent, parent = parent.parent) {
      if (typescript.isCallExpression(parent) || typescript.isNewExpression(parent)) {
        return parent.arguments?.includes(child as ts.Expression) ? { call: parent, argument: child as ts.Expression } : undefined;
      }
      if (typescript.isTaggedTemplateExpression(parent)) return parent.template === child ? { call: parent } : undefined;
      if (typescript.isJsxAttributes(parent)) return { call: parent.parent };
      if (typescript.isPropertyAssignment(parent) && parent.initializer !== child) return undefined;
      if (typescript.isConditionalExpression(parent) && parent.condition === child) return undefined;
      if (typescript.isBinaryExpression(parent)) {
        const kind = parent.operatorToken.kind;
        if (kind !== SyntaxKind.PlusToken && kind !== SyntaxKind.QuestionQuestionToken && kind !== SyntaxKind.BarBarToken && kind !== SyntaxKind.AmpersandAmpersandToken) return undefined;
        continue;
      }
      const passes = typescript.isParenthesizedExpression(parent) || typescript.isAsExpression(parent) || typescript.isSatisfiesExpression(parent)
        || typescript.isTypeAssertionExpression(parent) || typescript.isNonNullExpression(parent) || typescript.isTemplateSpan(parent)
        || typescript.isTemplateExpression(parent) || typescript.isArrayLiteralExpression(parent) || typescript.isSpreadElement(parent)
        || typescript.isObjectLiteralExpression(parent) || typescript.isPropertyAssignment(parent) || typescript.isConditionalExpression(parent)
        || typescript.isJsxExpression(parent) || typescript.isJsxAttribute(parent);
      if (!passes) return undefined;
    }
    return undefined;
  }

  /** What a sink calls, by the declaration of the signature TypeScript resolved for it. */
  targetOf(program: ts.Program, checker: ts.TypeChecker, sink: Sink): SinkTarget {
    const typescript = this.typescript;
    const call = sink.call;
    const calleeNode = typescript.isJsxOpeningLikeElement(call) ? call.tagName : typescript.isTaggedTemplateExpression(call) ? call.tag : call.expression;
    const callee = calleeNode.getText().replace(/\s+/g, ' ').slice(0, 60);
    const calleeType = checker.getTypeAtLocation(calleeNode);
    if (calleeType.flags & typescript.TypeFlags.Any) return { resolved: false, callee };
    const signature = checker.getResolvedSignature(call);
    // A class without its own constructor has a signature with no declaration: the class declares it.
    const declaration = signature?.declaration ?? calleeType.getSymbol()?.declarations?.[0];
    if (!declaration) return { resolved: false, callee };
    if (typescript.isJSDocSignature(declaration)) return { resolved: true, callee };
    const owner = this.owners.ofFile(program, declaration.getSourceFile());
    const index = sink.argument && typescript.isCallOrNewExpression(call) ? call.arguments?.indexOf(sink.argument) ?? -1 : -1;
    const parameters = signature?.getParameters() ?? [];
    const parameter = index < 0 ? undefined : parameters[Math.min(index, parameters.length - 1)]?.getName();
    const passthrough = index >= 0 && this.passesThrough(checker, declaration, index);
    const rest = index >= 0 && this.parameterAt(declaration, index)?.dotDotDotToken !== undefined;
    return { resolved: true, callee, declaration, parameter, passthrough, rest, foreign: owner.foreign && owner.declaredIn };
  }

  /**
   * Whether the parameter at `index` takes any value (`any`, `unknown`, a type parameter: `expect(actual)`,
   * `toEqual<E>(expected: E)`, `console.log(...data: any[])`, `JSON.stringify(value: any)`). Such an API carries
   * the project's value without looking up its keys or spelling, so what goes in stays the project's: a test's
   * expected object must follow the shape it is compared with.
   */
  private passesThrough(checker: ts.TypeChecker, declaration: ts.Declaration, index: number): boolean {
    const typescript = this.typescript;
    const parameter = this.parameterAt(declaration, index);
    if (!parameter) return false;
    let typeNode = parameter.type;
    if (typeNode && parameter.dotDotDotToken && typescript.isArrayTypeNode(typeNode)) typeNode = typeNode.elementType;
    if (!typeNode) return true;
    const flags = checker.getTypeFromTypeNode(typeNode).flags;
    return (flags & (typescript.TypeFlags.Any | typescript.TypeFlags.Unknown | typescript.TypeFlags.TypeParameter)) !== 0;
  }

  /** The declared parameter an argument at `index` goes to (the last one, a rest parameter, takes the rest). */
  private parameterAt(declaration: ts.Declaration, index: number): ts.ParameterDeclaration | undefined {
    const parameters = (declaration as Partial<ts.SignatureDeclarationBase>).parameters;
    return parameters?.[Math.min(index, parameters.length - 1)];
  }

  /**
   * Why a string that binds to no symbol is an external contract: it is passed to a dependency's or the platform's
   * API, which looks it up by its spelling (a header name, an event property, a route). Undefined when it is not.
   */
  stringContract(program: ts.Program, checker: ts.TypeChecker, root: ts.Node, text: string): string | undefined {
    const sink = this.sinkOf(root);
    if (sink) {
      if (this.isIntrinsicElement(sink)) return undefined;
      const target = this.targetOf(program, checker, sink);
      if (!target.resolved) return this.isTestTitle(sink, UNRESOLVED_TEST_TITLE_CALLS) ? undefined : `passed to ${target.callee}, which TypeScript cannot resolve`;
      if (!target.foreign || target.passthrough || this.isStorage(target)) return undefined;
      if (/\s/.test(text) || (target.parameter && (PROSE_PARAMETER.test(target.parameter) || (target.rest && PROSE_REST_PARAMETER.test(target.parameter))))) return undefined;
      if (this.isTestTitle(sink)) return undefined;
      return `passed to ${target.callee} (${target.foreign})`;
    }
    const parent = root.parent;
    const accessed = this.typescript.isElementAccessExpression(parent) && parent.argumentExpression === root;
    return accessed ? this.foreignKey(program, checker, parent.expression) : undefined;
  }

  /**
   * The first argument of a test runner's `describe`, `it`, `test` (and their `.only`, `.skip`, `.each(…)` forms):
   * the test's title, read by people (vitest and node:test call the parameter `name`). Held as a contract, hono's
   * `describe('basePath', …)` kept its `basePath` method from being renamed at all 77 sites.
   */
  private isTestTitle(sink: Sink, runners: ReadonlySet<string> = TEST_TITLE_CALLS): boolean {
    const typescript = this.typescript;
    if (!sink.argument || !typescript.isCallExpression(sink.call) || sink.call.arguments[0] !== sink.argument) return false;
    let callee: ts.Expression = sink.call.expression;
    // `test.each(table)('title', …)`, `describe.only(…)`, `it.skip(…)`, `test.concurrent.each(…)(…)`.
    while (typescript.isCallExpression(callee) || typescript.isPropertyAccessExpression(callee)) callee = callee.expression;
    return typescript.isIdentifier(callee) && runners.has(callee.text);
  }

  /** A key of an object literal that goes to a foreign API with no declared property of that name (`$session_id`). */
  keyContract(program: ts.Program, checker: ts.TypeChecker, object: ts.Node): { readonly external: string } | { readonly unknown: string } | undefined {
    const sink = this.typescript.isJsxAttributes(object) ? { call: object.parent } : this.sinkOf(object);
    if (!sink) {
      const config = toolConfigExport(this.typescript, object);
      return config ? { external: `a key of what ${config} exports, which its tool reads` } : undefined;
    }
    if (this.isIntrinsicElement(sink)) return undefined;
    const target = this.targetOf(program, checker, sink);
    if (!target.resolved) return { unknown: `a key of an object passed to ${target.callee}, whose type TypeScript cannot resolve (is its package installed?)` };
    if (!target.foreign || target.passthrough || this.isStorage(target)) return undefined;
    return { external: `a key of an object passed to ${target.callee} (${target.foreign})` };
  }

  isIntrinsicElement(sink: Sink): boolean {
    const typescript = this.typescript;
    if (!typescript.isJsxOpeningLikeElement(sink.call)) return false;
    const tag = sink.call.tagName;
    // Lower-case tags are the platform's elements: their attribute values (class names, ids) are the project's markup.
    return typescript.isIdentifier(tag) && /^[a-z]/.test(tag.text);
  }

  /**
   * A key read from a foreign type's index signature (`headers['mcp-session-id']`, `req.headers.cookie`): the
   * other side defines it. Only interfaces and classes count: `Record<string, T>` is the lib's generic shape, and
   * its keys are whoever builds the record.
   */
  foreignKey(program: ts.Program, checker: ts.TypeChecker, object: ts.Expression): string | undefined {
    const type = checker.getApparentType(checker.getTypeAtLocation(object));
    const symbol = type.getSymbol();
    if (!symbol || !(symbol.flags & (this.typescript.SymbolFlags.Interface | this.typescript.SymbolFlags.Class))) return undefined;
    const declaration = symbol.declarations?.[0];
    const owner = declaration && this.owners.ofFile(program, declaration.getSourceFile());
    return owner?.foreign ? `a key of ${checker.typeToString(type).slice(0, 60)} (${owner.declaredIn})` : undefined;
  }

  private isStorage(target: SinkTarget): boolean {
    if (!target.resolved || !target.declaration) return false;
    const declaration = target.declaration;
    const owner = declaration.parent;
    const name = this.typescript.getNameOfDeclaration(declaration);
    return (
      name !== undefined && this.typescript.isIdentifier(name) && STORAGE_METHODS.has(name.text)
      && this.typescript.isInterfaceDeclaration(owner) && owner.name.text === 'Storage'
    );
  }
}

import type ts from 'typescript';

/** Matchers that compare the expected value's keys with the actual value's: `expect(actual).toStrictEqual(expected)`. */
const SHAPE_MATCHERS = new Set(['toEqual', 'toStrictEqual', 'toMatchObject']);
/** node:assert's comparisons: `assert.deepStrictEqual(actual, expected)`. */
const SHAPE_ASSERTIONS = new Set(['deepEqual', 'deepStrictEqual', 'notDeepEqual', 'notDeepStrictEqual']);

type Step = { readonly element: true } | { readonly key: string };

/**
 * The property that the key `name` of `object` is compared with, when the literal (or a literal it is nested in
 * through arrays and keys) is the expected value of a deep comparison: the matcher takes any value (`toStrictEqual<E>`),
 * so no type ties superstruct's expected `{ message: … }` to the `Failure[]` it is compared with, yet a renamed
 * `Failure.message` fails the test unless the key follows it.
 */
export function comparedProperty(typescript: typeof ts, checker: ts.TypeChecker, object: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
  const steps: Step[] = [];
  let expected: ts.Node = object;
  for (let parent = expected.parent; ; expected = parent, parent = parent.parent) {
    if (typescript.isArrayLiteralExpression(parent)) steps.unshift({ element: true });
    else if (typescript.isPropertyAssignment(parent) && parent.initializer === expected && typescript.isObjectLiteralExpression(parent.parent)) {
      if (typescript.isComputedPropertyName(parent.name)) return undefined;
      steps.unshift({ key: parent.name.text });
      parent = parent.parent;
    } else if (!typescript.isParenthesizedExpression(parent) && !typescript.isAsExpression(parent)) break;
  }
  const actual = actualOf(typescript, expected);
  if (!actual) return undefined;
  let type: ts.Type | undefined = checker.getTypeAtLocation(actual);
  for (const step of steps) {
    const apparent = checker.getApparentType(checker.getNonNullableType(type));
    type = 'element' in step ? checker.getIndexTypeOfType(apparent, typescript.IndexKind.Number) : propertyType(checker, apparent, step.key, actual);
    if (!type) return undefined;
  }
  const property = checker.getPropertyOfType(checker.getApparentType(checker.getNonNullableType(type)), name);
  const declared = property?.declarations?.find((declaration) => declaration.parent !== object);
  const declaredName = declared && typescript.getNameOfDeclaration(declared);
  return declaredName && !typescript.isComputedPropertyName(declaredName) ? declaredName : undefined;
}

/** The actual value `expected` is compared with: `expect(actual).toEqual(expected)` (also `.not.`), `assert.deepEqual(actual, expected)`. */
function actualOf(typescript: typeof ts, expected: ts.Node): ts.Expression | undefined {
  const call = expected.parent;
  if (!typescript.isCallExpression(call) || !typescript.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  if (SHAPE_ASSERTIONS.has(method) && call.arguments[1] === expected) return call.arguments[0];
  if (!SHAPE_MATCHERS.has(method) || call.arguments[0] !== expected) return undefined;
  let receiver = call.expression.expression;
  if (typescript.isPropertyAccessExpression(receiver) && receiver.name.text === 'not') receiver = receiver.expression;
  if (!typescript.isCallExpression(receiver) || !typescript.isIdentifier(receiver.expression) || receiver.expression.text !== 'expect') return undefined;
  return receiver.arguments[0];
}

function propertyType(checker: ts.TypeChecker, type: ts.Type, key: string, at: ts.Node): ts.Type | undefined {
  const property = checker.getPropertyOfType(type, key);
  return property && checker.getTypeOfSymbolAtLocation(property, at);
}

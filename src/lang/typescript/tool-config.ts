import path from 'node:path';
import type ts from 'typescript';

/**
 * A tool's configuration file, by the names tools look for: `.eslintrc.js`, `.mocharc.cjs`, `eslint.config.mjs`,
 * `jest.config.ts`. The tool loads it and reads what it exports by the tool's own key names.
 */
const TOOL_CONFIG_FILE = /^(?:\.[\w-]+rc|[\w.-]+\.config)\.[cm]?[jt]s$/;

/**
 * The name of the tool configuration file whose exported object `object` is or is nested in, through literals
 * only (a function in a config is the project's code): `module.exports = { parserOptions: … }`, `export default
 * { … }`, or a variable exported so. Such a key is the tool's (yup's test/types/.eslintrc.js `parserOptions` became
 * `parserSettings` under `--from options`, which ESLint ignores); no type ties it to the tool when the config is
 * untyped. A typed config (`defineConfig({ … })`, a JSDoc `@type`) is the dependency's by its type already.
 */
export function toolConfigExport(typescript: typeof ts, object: ts.Node): string | undefined {
  const file = object.getSourceFile();
  const name = path.basename(file.fileName);
  if (!TOOL_CONFIG_FILE.test(name)) return undefined;
  let top = object;
  for (let parent = top.parent; parent; top = parent, parent = parent.parent) {
    const literal = typescript.isObjectLiteralExpression(parent) || typescript.isArrayLiteralExpression(parent)
      || (typescript.isPropertyAssignment(parent) && parent.initializer === top) || typescript.isParenthesizedExpression(parent)
      || typescript.isAsExpression(parent) || typescript.isSatisfiesExpression(parent);
    if (!literal) break;
  }
  const holder = top.parent;
  if (typescript.isExportAssignment(holder) || isModuleExports(typescript, holder, top)) return name;
  if (!typescript.isVariableDeclaration(holder) || holder.initializer !== top || !typescript.isIdentifier(holder.name)) return undefined;
  const variable = holder.name.text;
  const exported = file.statements.some((statement) => {
    if (typescript.isExportAssignment(statement)) return typescript.isIdentifier(statement.expression) && statement.expression.text === variable;
    const assigned = typescript.isExpressionStatement(statement) ? statement.expression : undefined;
    return assigned !== undefined && typescript.isBinaryExpression(assigned) && typescript.isIdentifier(assigned.right)
      && assigned.right.text === variable && isModuleExports(typescript, assigned, assigned.right);
  });
  return exported ? name : undefined;
}

/** `module.exports = value`. */
function isModuleExports(typescript: typeof ts, node: ts.Node, value: ts.Node): boolean {
  return typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.EqualsToken && node.right === value
    && node.left.getText() === 'module.exports';
}

/**
 * Comments that are instructions to a tool, not prose: `// @ts-expect-error`, `// eslint-disable-next-line
 * no-console`, `# type: ignore[attr-defined]`, `# noqa: E501`, `# pylint: disable=unused-argument`. Their words are
 * the tool's vocabulary: renaming `error` inside `@ts-expect-error` silently turns the directive off. A match
 * inside one is reported as a conflict, never rewritten.
 */

/** The directive token alone: what follows it is free text (`// @ts-expect-error: the session_id is optional`). */
const TOKEN_ONLY = /^@ts-(?:expect-error|ignore|nocheck|check)\b|^prettier-ignore\b|^@flow\b|^NOSONAR\b|^nosec\b/i;

/** The directive and its arguments (rule names, codes) up to a ` -- ` description, as ESLint reads it. */
const WITH_ARGUMENTS =
  /^(?:eslint(?:-disable(?:-next-line|-line)?|-enable|-env)?|istanbul\s+ignore|c8\s+ignore|v8\s+ignore|jshint|jscs:|tslint:|biome-ignore|deno-lint-ignore(?:-file)?|type:\s*ignore|noqa|pylint:|mypy:|pyright:|ruff:|fmt:\s*(?:off|on|skip)|isort:|pragma:?|webpackChunkName:)/i;

const OPENERS = ['//', '/*', '#', '--'];

/** Where the comment holding `column` (1-based) begins in `line`, after its opener and any `*` or spaces. */
function commentBody(line: string, column: number): { start: number; text: string } | undefined {
  let opener = -1;
  let openerLength = 0;
  for (const candidate of OPENERS) {
    const at = line.lastIndexOf(candidate, column - 1);
    if (at > opener) {
      opener = at;
      openerLength = candidate.length;
    }
  }
  if (opener < 0) return undefined;
  let start = opener + openerLength;
  while (start < line.length && (line[start] === ' ' || line[start] === '*' || line[start] === '\t')) start++;
  return { start, text: line.slice(start) };
}

/** The tool directive a comment match at `column` (1-based, UTF-16) of `line` falls in, if any. */
export function toolDirectiveAt(line: string, column: number): string | undefined {
  const body = commentBody(line, column);
  if (!body) return undefined;
  const offset = column - 1 - body.start;
  const token = TOKEN_ONLY.exec(body.text);
  if (token) return offset < token[0].length ? token[0] : undefined;
  const directive = WITH_ARGUMENTS.exec(body.text);
  if (!directive) return undefined;
  const description = body.text.indexOf(' -- ');
  const end = description === -1 ? body.text.replace(/\s*\*\/.*$/, '').length : description;
  return offset < end ? directive[0].trim() : undefined;
}

/** Bracketed groups up to this many characters are quoted as written; longer ones read `(…)`. */
const GROUP_LIMIT = 24;

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * Source text quoted in a reason, in backticks: on one line, since a reason is one line of apply's summary (a chained
 * call over several lines broke it: saleor's `Checkout.objects.using(…)` then `.filter(` and its arguments, one per
 * line, then `.annotate`), and with long argument lists elided, so that what is left reads as the callee's path:
 * `Checkout.objects.using(…).filter(…).annotate`.
 */
export function quoteCode(text: string): string {
  return `\`${elideGroups(oneLine(text))}\``;
}

/** Each line break, with the indentation around it, becomes one space, or none inside brackets or before a dot. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, (run: string, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + run.length] ?? '';
    return before === '' || after === '' || '([{'.includes(before) || '.)]}'.includes(after) ? '' : ' ';
  });
}

/** Every outermost bracketed group longer than GROUP_LIMIT becomes its brackets around `…`; unbalanced text stays. */
function elideGroups(text: string): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const close = CLOSING[text[at]!];
    const end = close === undefined ? -1 : groupEnd(text, at);
    if (end === -1) {
      out += text[at];
      at++;
      continue;
    }
    out += end - at - 1 > GROUP_LIMIT ? `${text[at]}…${close}` : text.slice(at, end + 1);
    at = end + 1;
  }
  return out;
}

/** Where the group opening at `start` closes, or -1. Quotes are not tracked: this is display text, not a parse. */
function groupEnd(text: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (CLOSING[ch]) stack.push(CLOSING[ch]!);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    } else if (ch === ')' || ch === ']' || ch === '}') return -1;
  }
  return -1;
}

import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { JS_RESERVED, PYTHON_KEYWORDS } from '../../src/config/reserved-words.js';

function python3Keywords(): string[] | undefined {
  try {
    return JSON.parse(execFileSync('python3', ['-c', 'import json, keyword; print(json.dumps(keyword.kwlist))'], { encoding: 'utf8' })) as string[];
  } catch {
    return undefined;
  }
}

describe('reserved-word lists', () => {
  it("hold every reserved and strict-mode reserved word of TypeScript's scanner", () => {
    const words: string[] = [];
    for (let kind = ts.SyntaxKind.FirstReservedWord; kind <= ts.SyntaxKind.LastReservedWord; kind++) words.push(ts.tokenToString(kind)!);
    for (let kind = ts.SyntaxKind.FirstFutureReservedWord; kind <= ts.SyntaxKind.LastFutureReservedWord; kind++) words.push(ts.tokenToString(kind)!);
    expect(words.filter((word) => !JS_RESERVED.has(word))).toEqual([]);
    expect(words.length).toBeGreaterThan(40);
  });

  it.skipIf(python3Keywords() === undefined)("are Python's keyword.kwlist (hard keywords only)", () => {
    expect([...PYTHON_KEYWORDS].sort()).toEqual([...python3Keywords()!].sort());
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCandidates } from '../../src/scan/read-candidates.js';
import { createMatcher } from '../../src/words/index.js';

describe('readCandidates', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-read-'));
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(path.join(dir, name), content);
    return { absolutePath: path.join(dir, name), path: name };
  };
  const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);

  it('keeps files with a candidate, drops the rest, binary files and oversized files, and reports unreadable ones', async () => {
    const files = [
      file('a.ts', 'const sessionId = 1;'),
      file('b.ts', 'const other = 1;'),
      file('c.bin', Buffer.from([0x73, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e, 0x00, 0x01])),
      file('d.ts', `// session_id\n${'x'.repeat(200)}`),
      file('e.ts', Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('SESSION_ID')])),
      { absolutePath: path.join(dir, 'gone.ts'), path: 'gone.ts' },
    ];
    const read = await readCandidates(files, matcher, 100);
    expect(read.candidates.map((c) => [c.file.path, c.bom])).toEqual([
      ['a.ts', false],
      ['e.ts', true],
    ]);
    expect(read.candidates[1].text).toBe('SESSION_ID');
    expect(read.skipped).toEqual([{ file: 'd.ts', reason: 'larger than 100 bytes (214); not read' }]);
    expect(read.errors).toEqual([{ file: 'gone.ts', message: 'cannot read file (ENOENT)' }]);
  });
});

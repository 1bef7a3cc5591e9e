import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('keeps files with a candidate, drops the rest, and lists binary and oversized files that may hold the name', async () => {
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
    expect(read.skipped).toEqual([
      { file: 'c.bin', reason: 'holds a NUL byte (binary); not read', cause: 'binary' },
      { file: 'd.ts', reason: 'larger than 100 bytes (214); not read', cause: 'too-large' },
    ]);
    expect(read.errors).toEqual([{ file: 'gone.ts', message: 'cannot read file (ENOENT)' }]);
  });

  it('decodes UTF-16 with a byte-order mark (LE and BE), which the byte prefilter cannot see into', async () => {
    const text = 'const a = 1;\nexport const session_id = 2;\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(0)).swap16();
    const other = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('const other = 1;\n', 'utf16le')]);
    const read = await readCandidates([file('le.ts', le), file('be.ts', be), file('other.ts', other)], matcher, 1000);
    expect(read.candidates.map((c) => [c.file.path, c.encoding, c.bom, c.text])).toEqual([
      ['le.ts', 'utf-16le', false, text],
      ['be.ts', 'utf-16be', false, text],
    ]);
    expect(read.skipped).toEqual([]);
    expect(read.errors).toEqual([]);
  });

  it('reads bytes that are not UTF-8 as latin-1, one UTF-16 unit per byte, so columns stay those of the bytes', async () => {
    const latin = Buffer.concat([Buffer.from('name = "caf'), Buffer.from([0xe9, 0x80]), Buffer.from('"; session_id = 1\n')]);
    const read = await readCandidates([file('latin.py', latin), file('utf8.py', 'name = "café"; session_id = 1\n')], matcher, 1000);
    expect(read.candidates.map((c) => [c.file.path, c.encoding, c.text])).toEqual([
      ['latin.py', 'latin1', 'name = "caf\u00e9\u0080"; session_id = 1\n'],
      ['utf8.py', undefined, 'name = "café"; session_id = 1\n'],
    ]);
    expect(read.candidates[0].text.indexOf('session_id')).toBe(latin.indexOf('session_id'));
    expect(read.errors).toEqual([]);
  });

  it('lists a file over the size limit only when its bytes, streamed a chunk at a time, may hold the name', async () => {
    // The name straddles the first 1 MiB chunk boundary, and lies far past the size limit.
    const straddling = Buffer.alloc((1 << 20) + 100, 0x20);
    straddling.write('session_id', (1 << 20) - 4);
    const plain = Buffer.alloc((1 << 20) + 100, 0x20);
    const wide = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.alloc(300, 0x20)]);
    const read = await readCandidates([file('far.ts', straddling), file('plain.ts', plain), file('wide.ts', wide)], matcher, 100);
    expect(read.skipped).toEqual([
      { file: 'far.ts', reason: `larger than 100 bytes (${straddling.length}); not read`, cause: 'too-large' },
      { file: 'wide.ts', reason: 'larger than 100 bytes (302); not read', cause: 'too-large' },
    ]);
    expect(read.candidates).toEqual([]);
  });

  it('lists a binary file only when its bytes may hold the name', async () => {
    const read = await readCandidates([file('video.ts', Buffer.from([0x47, 0x00, 0x11, 0x10])), file('nul.ts', 'export const session_id = 1;\0\n')], matcher, 1000);
    expect(read.skipped).toEqual([{ file: 'nul.ts', reason: 'holds a NUL byte (binary); not read', cause: 'binary' }]);
    expect(read.candidates).toEqual([]);
  });

  it('lists a file the system refuses to read (its content is unknown), but not one that vanished', async () => {
    mkdirSync(path.join(dir, 'folder.ts'), { recursive: true });
    const read = await readCandidates([{ absolutePath: path.join(dir, 'folder.ts'), path: 'folder.ts' }], matcher, 1000);
    expect(read.skipped).toEqual([{ file: 'folder.ts', reason: 'cannot read file (EISDIR)', cause: 'read-error' }]);
    expect(read.errors).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('lists a file without read permission', async () => {
    const locked = file('locked.ts', 'export const session_id = 1;\n');
    chmodSync(locked.absolutePath, 0o000);
    const read = await readCandidates([locked], matcher, 1000);
    expect(read.skipped).toEqual([{ file: 'locked.ts', reason: 'cannot read file (EACCES)', cause: 'read-error' }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { LanguageAnalyzer } from '../../src/lang/analyzer.js';
import type { Reference } from '../../src/findings/model.js';
import { assignedName } from '../../src/rewrite/assigned-values.js';
import { LineIndex } from '../../src/findings/positions.js';
import { pythonAnalyzer } from '../../src/lang/python/index.js';
import { loadParser } from '../../src/lang/tree-sitter.js';
import { javascriptAnalyzer, typescriptAnalyzer } from '../../src/lang/typescript/index.js';
import { findCollisions } from '../../src/symbols/collisions.js';
import { createMatcher } from '../../src/words/index.js';

/** The conflicts a scan reports for one file, as `line:column text: reason`. */
async function conflictsIn(path: string, text: string, from = 'session_id', to = 'flow_id'): Promise<string[]> {
  const language = path.endsWith('.py') ? 'python' : path.endsWith('.js') ? 'javascript' : 'typescript';
  const analyzer: LanguageAnalyzer = language === 'python' ? pythonAnalyzer : language === 'javascript' ? javascriptAnalyzer : typescriptAnalyzer;
  await analyzer.load();
  const analysis = analyzer.analyze({ absolutePath: `/project/${path}`, path, text, language }, createMatcher([{ from, to }]));
  expect(analysis.error).toBeUndefined();
  const lines = new LineIndex(text);
  return (analysis.conflicts ?? []).map(({ start, text: name, reason }) => `${lines.position(start).line}:${lines.position(start).column} ${name}: ${reason}`);
}

describe('collisions a scan reports: Python', () => {
  it('a field whose new name the same class already declares (issue 9, case 1)', async () => {
    const source = [
      'class UserSession(BaseModel):',
      '    session_id: Optional[str] = None',
      '    flow_id: Optional[str] = None',
      '',
      'class DataImportRequest:',
      '    session_id: str',
      '',
      'def validate_import(session_id, path):',
      '    return DataImportRequest(session_id=session_id)',
      '',
    ].join('\n');
    expect(await conflictsIn('schemas/auth.py', source)).toEqual(['2:5 session_id: flow_id is already declared in class UserSession']);
  });

  it('annotation-only fields and methods count as declared', async () => {
    const source = ['@dataclass', 'class Row:', '    session_id: str', '    flow_id: str', '', 'class Api:', '    session_id = 1', '    def flow_id(self): ...', ''].join('\n');
    expect(await conflictsIn('row.py', source)).toEqual([
      '3:5 session_id: flow_id is already declared in class Row',
      '7:5 session_id: flow_id is already declared in class Api',
    ]);
  });

  it('a parameter or variable whose new name its function or module already binds or uses', async () => {
    const source = ['flow_id = 0', 'session_id = 1', '', 'def load(session_id, flow_id=None):', '    return session_id', '', 'def free(session_id):', '    return session_id', ''].join('\n');
    expect(await conflictsIn('load.py', source)).toEqual([
      '2:1 session_id: flow_id is already declared or used in this module',
      '4:10 session_id: flow_id is already declared or used in function load',
    ]);
  });
});

describe('collisions among the names renamed in one scope', () => {
  it('two names that end as one (a target whose plural is itself): the later is the collision', async () => {
    const source = ['def layout(rows, width=10):', '    widths = [len(r) for r in rows]', '    return [min(w, width) for w in widths]', ''].join('\n');
    expect(await conflictsIn('core.py', source, 'width', 'data')).toEqual([
      '2:5 widths: data is also the new name of width (line 1) in function layout: renamed, the two would be one',
    ]);
    const script = ['function layout(rows: string[], width = 10) {', '  const widths = rows.map((r) => r.length);', '  return widths.map((w) => Math.min(w, width));', '}', ''].join('\n');
    expect(await conflictsIn('core.ts', script, 'width', 'data')).toEqual([
      '2:9 widths: data is also the new name of width (line 1) in function layout: renamed, the two would be one',
    ]);
  });

  it('a dunder is held whatever the new name: Python calls it by that name', async () => {
    const source = ['class Toggler:', '    def __exit__(self, *exc):', '        pass', ''].join('\n');
    expect(await conflictsIn('core.py', source, 'exit', 'leave')).toEqual([
      "2:11 exit: held: __exit__ is a dunder name, which Python itself calls by that name (the language's protocol)",
    ]);
  });
});

describe('collisions a scan reports: TypeScript and JavaScript', () => {
  it('members of interfaces, classes, object types and enums', async () => {
    const source = [
      'interface Session { sessionId: string; flowId: string }',
      'class Store { sessionId = 1; flowId = 2 }',
      'type Row = { session_id: string; flow_id: string };',
      'class Service { constructor(private readonly sessionId: string, private flowId: string) {} }',
      "enum Field { SessionId = 'session_id', FlowId = 'flow_id' }",
      'const free: { sessionId: string } = { sessionId: "" };',
      '',
    ].join('\n');
    expect(await conflictsIn('types.ts', source)).toEqual([
      '1:21 sessionId: flowId is already declared in interface Session',
      '2:15 sessionId: flowId is already declared in class Store',
      '3:14 session_id: flow_id is already declared in type Row',
      '4:46 sessionId: flowId is already declared in class Service',
      '5:14 SessionId: FlowId is already declared in enum Field',
    ]);
  });

  it('keys of one object literal', async () => {
    expect(await conflictsIn('payload.js', 'export const payload = { session_id: 1, flow_id: 2 };\n')).toEqual([
      '1:26 session_id: flow_id is already declared or used in this object literal',
    ]);
  });

  it('parameters and variables whose new name the function or block already binds or uses', async () => {
    const source = [
      'export function load(sessionId: string, flowId: string) { return sessionId + flowId; }',
      'export function free(sessionId: string) { return sessionId; }',
      'export function outer() {',
      '  const flowId = 1;',
      '  { const sessionId = 2; return sessionId + flowId; }',
      '}',
      '',
    ].join('\n');
    expect(await conflictsIn('load.ts', source)).toEqual([
      '1:22 sessionId: flowId is already declared or used in function load',
      '5:11 sessionId: flowId is already declared or used in this block',
    ]);
  });

  it('uses, accesses and strings never collide', async () => {
    const source = ['declare const o: { flowId: string; sessionId: string };', 'export const a = o.sessionId;', "export const b = 'flowId sessionId';", ''].join('\n');
    expect(await conflictsIn('uses.ts', source)).toEqual(['1:36 sessionId: flowId is already declared in this object type']);
  });

  it('compares the whole renamed identifier', async () => {
    const source = 'interface A { validationSessionId: string; validationFlowId: string; sessionIdCount: number }\n';
    expect(await conflictsIn('a.ts', source)).toEqual(['1:15 validationSessionId: validationFlowId is already declared in interface A']);
  });
});

describe('findCollisions', () => {
  it('gives the span the kept name governs, and the string value of the kept member is that member\'s (assignedName)', async () => {
    const text = "enum Field { SessionId = 'session_id', FlowId = 'flow_id' }";
    const tree = (await loadParser('typescript')).parse(text)!;
    try {
      const node = tree.rootNode.descendantForIndex(text.indexOf('SessionId'), text.indexOf('SessionId') + 9)!;
      const [collision] = findCollisions('typescript', [{ node, newName: 'FlowId' }]);
      expect(collision).toEqual({
        start: 13,
        end: 22,
        text: 'SessionId',
        reason: 'FlowId is already declared in enum Field',
        name: 'SessionId',
        from: text.indexOf('{'),
        to: text.length,
        member: true,
      });
      // The value stays with the member that keeps its name (src/rewrite/assigned-values.ts, for any name that stays).
      const value = text.indexOf('session_id');
      expect(assignedName(tree, { start: value, end: value + 10 } as Reference)).toEqual({ start: 13, end: 22, text: 'SessionId' });
    } finally {
      tree.delete();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { pythonAnalyzer } from '../../../src/lang/python/index.js';
import { analyzeFixture, readFixture, site } from './sites.js';

const SESSION = [{ from: 'session', to: 'flow' }];
const analyze = (path: string, renames?: { from: string; to: string }[]) =>
  analyzeFixture(pythonAnalyzer, `py-kinds/${path}`, renames);

describe('python analyzer: declarations and fields', () => {
  it('classifies dataclass and Pydantic fields, docstrings and self access (auth_schemas.py)', async () => {
    const { sites, error } = await analyze('app/schemas/auth_schemas.py');
    expect(error).toBeUndefined();
    expect(sites).toEqual([
      site(1, 51, 'session_id', 'flow_id', 'comment'), // module docstring
      site(12, 5, 'session_id', 'flow_id', 'property'), // dataclass field
      site(18, 5, 'session_id', 'flow_id', 'property'), // Pydantic `session_id: Optional[str] = None`
      site(22, 37, 'session_id', 'flow_id', 'member'), // `self.session_id` read
    ]);
  });

  it('names class declarations and their uses as class', async () => {
    const { sites } = await analyze('app/schemas/auth_schemas.py', SESSION);
    expect(sites).toContainEqual(site(9, 7, 'Session', 'Flow', 'class')); // class SessionRecord
    expect(sites).toContainEqual(site(16, 11, 'Session', 'Flow', 'class')); // class UserSession(BaseModel)
    expect(sites).toContainEqual(site(10, 31, 'sessions', 'flows', 'comment')); // class docstring
    expect(sites).toContainEqual(site(13, 32, 'session', 'flow', 'string')); // "import_session_pending"
  });

  it('classifies SQLAlchemy Mapped columns, __slots__ entries and self assignments as properties (assets.py)', async () => {
    const { sites } = await analyze('app/models/assets.py', SESSION);
    expect(sites).toEqual([
      site(13, 5, 'session', 'flow', 'property'), // session_id: Mapped[str] = mapped_column(...)
      site(16, 7, 'Session', 'Flow', 'class'),
      site(17, 19, 'session', 'flow', 'property'), // __slots__ = ("session_id", ...)
      site(19, 24, 'session', 'flow', 'parameter'),
      site(20, 14, 'session', 'flow', 'property'), // self.session_id = ...
      site(20, 27, 'session', 'flow', 'parameter'),
      site(24, 17, 'session', 'flow', 'parameter'),
      site(24, 38, 'Session', 'Flow', 'string'), // a forward reference is a string literal
      site(25, 12, 'Session', 'Flow', 'class'), // SessionHandle(...) resolves to the class
      site(25, 26, 'session', 'flow', 'parameter'),
    ]);
  });

  it('classifies type aliases in a .pyi stub', async () => {
    const { sites } = await analyze('app/api/session_store.pyi', SESSION);
    expect(sites).toContainEqual(site(4, 1, 'Session', 'Flow', 'type')); // SessionKey: TypeAlias = str
    expect(sites).toContainEqual(site(5, 6, 'Session', 'Flow', 'type')); // type SessionMap = ...
    expect(sites).toContainEqual(site(7, 10, 'session', 'flow', 'function')); // def load_session_id
    expect(sites).toContainEqual(site(8, 24, 'Session', 'Flow', 'type')); // a use of the alias
  });
});

describe('python analyzer: the validation service (seed 004)', () => {
  it('classifies every session_id site of the service', async () => {
    const { sites, error } = await analyze('app/services/data_import_validation_service.py');
    expect(error).toBeUndefined();
    expect(sites).toEqual([
      site(4, 40, 'session_id', 'flow_id', 'import'), // from ... import load_session_id
      site(7, 8, 'SESSION_ID', 'FLOW_ID', 'variable'),
      site(10, 13, 'session_id', 'flow_id', 'function'), // def resolve_session_id
      site(12, 25, 'session_id', 'flow_id', 'string'),
      site(13, 32, 'session_id', 'flow_id', 'variable'), // except KeyError as missing_session_id
      site(14, 27, 'session_id', 'flow_id', 'string'),
      site(14, 65, 'session_id', 'flow_id', 'variable'),
      site(18, 31, 'session_id', 'flow_id', 'parameter'), // validate_import(self, session_id: str, ...)
      site(19, 66, 'session_id', 'flow_id', 'comment'), // method docstring
      site(20, 23, 'SESSION_ID', 'FLOW_ID', 'variable'), // global
      site(21, 16, 'SESSION_ID', 'FLOW_ID', 'variable'),
      site(21, 29, 'session_id', 'flow_id', 'parameter'),
      site(22, 51, 'session_id', 'flow_id', 'parameter'), // f"/tmp/validation_sessions/{session_id}"
      site(24, 21, 'session_id', 'flow_id', 'string'), // dict key
      site(24, 34, 'session_id', 'flow_id', 'parameter'),
      site(30, 13, 'session_id', 'flow_id', 'variable'), // walrus
      site(30, 40, 'session_id', 'flow_id', 'string'),
      site(31, 13, 'session_id', 'flow_id', 'variable'),
      site(31, 34, 'session_id', 'flow_id', 'function'), // a call resolves to the def
      site(31, 62, 'session_id', 'flow_id', 'import'), // a call resolves to the import
      site(32, 58, 'session_id', 'flow_id', 'parameter'), // lambda parameter
      site(32, 70, 'session_id', 'flow_id', 'parameter'), // lambda body reads its parameter
      site(33, 23, 'session_id', 'flow_id', 'variable'), // tuple unpacking in for
      site(34, 34, 'session_id', 'flow_id', 'keyword-argument'), // validate_import(session_id=...)
      site(34, 49, 'session_id', 'flow_id', 'variable'),
      site(35, 22, 'session_ids', 'flow_ids', 'member'), // store.session_ids
      site(35, 34, 'session_id', 'flow_id', 'variable'),
      site(39, 10, 'session_ids', 'flow_ids', 'variable'),
      site(42, 23, 'session_ids', 'flow_ids', 'variable'), // nonlocal
      site(43, 14, 'session_ids', 'flow_ids', 'variable'),
      site(44, 21, 'session_ids', 'flow_ids', 'variable'),
    ]);
  });

  it('splits f-strings into literal parts and interpolated names, and finds **kwargs, with-as and dotted imports', async () => {
    const { sites } = await analyze('app/services/data_import_validation_service.py', SESSION);
    expect(sites).toContainEqual(site(4, 14, 'session', 'flow', 'import')); // from app.api.session_store
    expect(sites).toContainEqual(site(5, 12, 'session', 'flow', 'import')); // import app.session_store as store
    expect(sites).toContainEqual(site(18, 66, 'session', 'flow', 'parameter')); // **session_kwargs
    expect(sites).toContainEqual(site(22, 41, 'sessions', 'flows', 'string')); // literal part of the f-string
    expect(sites).toContainEqual(site(23, 21, 'session', 'flow', 'variable')); // session_dir
    expect(sites).toContainEqual(site(24, 67, 'session', 'flow', 'parameter')); // {**session_kwargs}
    expect(sites).toContainEqual(site(25, 22, 'session', 'flow', 'variable')); // f"{session_dir}/..."
    expect(sites).toContainEqual(site(25, 69, 'session', 'flow', 'variable')); // with ... as session_file
  });
});

describe('python analyzer: positions', () => {
  it('reports exact UTF-16 columns in a CRLF file with non-ASCII text', async () => {
    expect(readFixture('py-kinds/app/services/session_notes.py')).toContain('\r\n');
    const { sites } = await analyze('app/services/session_notes.py');
    expect(sites).toEqual([
      site(2, 19, 'session_id', 'flow_id', 'comment'), // after "café"
      site(3, 14, 'session_id', 'flow_id', 'parameter'),
      site(4, 16, 'session_id', 'flow_id', 'string'), // after an astral emoji: two UTF-16 units
      site(4, 31, 'session_id', 'flow_id', 'parameter'),
    ]);
  });
});

describe('python analyzer: files CPython would reject', () => {
  it('reports a syntax error with its position and no references', async () => {
    const result = await analyze('app/api/broken_handler.py', SESSION);
    expect(result).toEqual({ sites: [], error: 'syntax error at line 2, column 5' });
  });

  it('reports inconsistent tabs and spaces like TabError', async () => {
    const result = await analyze('app/api/mixed_indent.py');
    expect(result).toEqual({ sites: [], error: 'inconsistent use of tabs and spaces in indentation at line 3' });
  });
});

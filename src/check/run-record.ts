import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DependencyContext } from '../scan/cache-context.js';
import { defaultCacheDir, engineIdentity } from '../scan/cache.js';
import { heldAt, settled, signatureOf } from '../scan/quiet-files.js';
import { listingOf, type RunInputs } from '../scan/run-inputs.js';

/**
 * A check's run record: what the run read and what it printed, so that the same check over an unchanged tree
 * prints the same again without discovery, reading or analysis. On a 10,000-file tree that is a readdir per folder
 * and a stat per file instead of the walk, the .gitignore rules, the quiet-file index and the candidates' cache
 * entries: the second check in a row of a pre-commit hook or an editor's task.
 *
 * The record stands while every input does:
 * - the command: its arguments, working folder, the environment variables its output depends on, and whether
 *   stdout and stderr are terminals (all in the key that names the record), and renamer's build (engineIdentity);
 * - each walked folder's entries (names and types, compared by content, so no clock is trusted for folders);
 * - each file the run read (the tree's files, every .gitignore that applied, the config file and the baseline) by
 *   its stat signature, taken before the read or, for the few read elsewhere, at the end of a run that refuses any
 *   change since it started (QuietFiles explains why a signature older than a clock tick can be trusted);
 * - whether `.git` exists above each walked folder (where .gitignore rules stop) and what each named path is;
 * - the dependency fingerprints of the folders of TypeScript and JavaScript candidates (DependencyContext).
 * Anything else misses, and the run goes on as without the record. A run whose inputs are not all known (a folder
 * that could not be listed, a file changed within the racy window, a glob argument) writes none.
 */

/** The parts of a run that name its record: two runs alike in these print alike over the same inputs. */
export interface RunIdentity {
  /** The command line after `renamer`: `check` and its arguments. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  readonly stderrIsTTY?: boolean;
}

export interface RunOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface RunReads {
  readonly inputs: RunInputs;
  /** Files read outside the scan (config, baseline), absolute; a missing one is recorded missing. */
  readonly files: readonly string[];
  /** The run's paths (absolute): what each is, and `.git` above each walked one, are recorded. */
  readonly roots: readonly string[];
  /** When the run started (Date.now()), before it read anything. */
  readonly startedAt: number;
}

const FORMAT = 'renamer-run-record-2';
/** Environment variables check's output depends on: colour, progress (never recorded, but CI turns it off), git. */
const OUTPUT_ENV = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'GIT_DIR'] as const;
/** Records kept per cache folder, newest first: one per distinct command line, so a few cover a project's hooks. */
const KEPT = 8;
const MISSING = [-1, -1, -1, -1] as const;

/**
 * The record's JSON part. Its files are listed by walked folder (a name each) and then by absolute path (those read
 * elsewhere); their signatures follow the JSON as float64s in the same order, four per file (size, mtimeMs, ctimeMs,
 * ino; -1 four times for a missing file): a 10,000-file tree's record is ~0.4 MB, which a read and a typed-array view
 * take in ~3 ms where JSON numbers took ~20.
 */
interface RunRecord {
  readonly format: string;
  readonly key: string;
  readonly engine: string;
  /** Per walked folder: its path, its listing's hash, and the names of the files read in it. */
  readonly folders: readonly (readonly [string, string, readonly string[]])[];
  readonly others: readonly string[];
  readonly kinds: readonly (readonly [string, string])[];
  readonly contexts: readonly (readonly [string, string])[];
  readonly outcome: RunOutcome;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const runKey = (run: RunIdentity): string =>
  sha256(JSON.stringify([FORMAT, run.argv, run.cwd, OUTPUT_ENV.map((name) => run.env[name] ?? null), run.isTTY, Boolean(run.stderrIsTTY)]));

const recordFile = (cwd: string, key: string): string => path.join(defaultCacheDir(cwd), 'runs', `${key.slice(0, 32)}.bin`);

const kindOf = (file: string): string => {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats === undefined ? 'none' : stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
};

/** The folders from `dir` up to the file-system root. */
function* upFrom(dir: string): Generator<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}

/** Writes the record of a finished run; says nothing when the run's inputs cannot all be vouched for. */
export function saveRunRecord(identity: RunIdentity, reads: RunReads, outcome: RunOutcome): void {
  const { inputs } = reads;
  if (!inputs.complete) return;
  const byFolder = new Map<string, string[]>([...inputs.listings.keys()].map((dir) => [dir, []]));
  const others: string[] = [];
  const folderSignatures: number[] = [];
  const otherSignatures: number[] = [];
  for (const [file, signature] of inputs.signatures) {
    if (signature === undefined) return;
    byFolder.get(path.dirname(file))?.push(path.basename(file));
  }
  for (const [dir, names] of byFolder) for (const name of names) folderSignatures.push(...inputs.signatures.get(path.join(dir, name))!);
  const walked = reads.roots.filter((root) => inputs.listings.has(root));
  const above = new Set(walked.flatMap((root) => [...upFrom(root)]));
  const elsewhere = new Set([...reads.files, ...inputs.gitignores, ...[...above].map((dir) => path.join(dir, '.gitignore'))]);
  // Files read outside the walked folders (named as arguments) keep the signature taken before their read.
  for (const file of inputs.signatures.keys()) if (!byFolder.has(path.dirname(file))) elsewhere.add(file);
  for (const file of elsewhere) {
    const known = inputs.signatures.get(file);
    if (known) {
      others.push(file);
      otherSignatures.push(...known);
      continue;
    }
    const signature = signatureOf(statSync(file, { throwIfNoEntry: false }));
    // Changed since the run started, or too close before: what the run read may not be what the signature says.
    if (signature && !settled(signature, reads.startedAt)) return;
    others.push(file);
    otherSignatures.push(...(signature ?? MISSING));
  }
  const kinds = [...reads.roots.map((root) => [root, kindOf(root)] as const), ...[...above].map((dir) => [path.join(dir, '.git'), kindOf(path.join(dir, '.git'))] as const)];
  // A path that does not exist was a glob the run expanded: what it matches next time is not known.
  if (kinds.slice(0, reads.roots.length).some(([, kind]) => kind === 'none')) return;
  const key = runKey(identity);
  const folders = [...byFolder].map(([dir, names]) => [dir, inputs.listings.get(dir)!, names] as const);
  const record: RunRecord = { format: FORMAT, key, engine: engineIdentity(), folders, others, kinds, contexts: [...inputs.contexts], outcome };
  const file = recordFile(identity.cwd, key);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, encode(record, [...folderSignatures, ...otherSignatures]));
    renameSync(temporary, file);
    pruneRecords(path.dirname(file));
  } catch {
    // A read-only checkout or a full disk: the next run goes the whole way, as without a record.
  }
}

/** [JSON length: uint32][JSON][zeros up to a multiple of 8][signatures: float64, the platform's byte order]. */
function encode(record: RunRecord, signatures: readonly number[]): Buffer {
  const json = Buffer.from(JSON.stringify(record));
  const at = Math.ceil((4 + json.length) / 8) * 8;
  const bytes = Buffer.alloc(at + signatures.length * 8);
  bytes.writeUInt32LE(json.length, 0);
  json.copy(bytes, 4);
  new Float64Array(bytes.buffer, bytes.byteOffset + at, signatures.length).set(signatures);
  return bytes;
}

function decode(bytes: Buffer): { record: RunRecord; signatures: Float64Array } {
  const length = bytes.readUInt32LE(0);
  const record = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as RunRecord;
  const at = Math.ceil((4 + length) / 8) * 8;
  // readFileSync's buffer may sit at any offset of a shared pool: copied when it is not aligned for a view.
  const aligned = (bytes.byteOffset + at) % 8 === 0 ? bytes : Buffer.from(bytes);
  return { record, signatures: new Float64Array(aligned.buffer, aligned.byteOffset + at, (bytes.length - at) / 8) };
}

/** Keeps the KEPT newest records. */
function pruneRecords(folder: string): void {
  const records = readdirSync(folder)
    .filter((name) => name.endsWith('.bin'))
    .map((name) => ({ name, mtime: statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of records.slice(KEPT)) rmSync(path.join(folder, name), { force: true });
}

/** What the recorded run printed, when its record stands for this run; undefined otherwise (any doubt misses). */
export function replayRunRecord(identity: RunIdentity): RunOutcome | undefined {
  const key = runKey(identity);
  try {
    const { record, signatures } = decode(readFileSync(recordFile(identity.cwd, key)));
    if (record.format !== FORMAT || record.key !== key) return undefined;
    return stands(record, signatures) ? record.outcome : undefined;
  } catch {
    return undefined; // No record, a corrupt one, or an input that cannot be looked at.
  }
}

function stands(record: RunRecord, signatures: Float64Array): boolean {
  let at = 0;
  const same = (file: string): boolean => {
    const signature = signatureOf(statSync(file, { throwIfNoEntry: false }));
    at += 4;
    return heldAt(signatures, at - 4, signature ?? MISSING);
  };
  for (const [dir, listing, names] of record.folders) {
    if (listingOf(readdirSync(dir, { withFileTypes: true })) !== listing) return false;
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const name of names) if (!same(prefix + name)) return false;
  }
  for (const file of record.others) if (!same(file)) return false;
  if (at !== signatures.length) return false;
  for (const [file, kind] of record.kinds) if (kindOf(file) !== kind) return false;
  const context = new DependencyContext();
  for (const [dir, fingerprint] of record.contexts) if (context.of(dir) !== fingerprint) return false;
  return record.engine === engineIdentity();
}

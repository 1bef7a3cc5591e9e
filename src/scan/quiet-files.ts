import { readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * A file's stat signature: size, modification and change times (milliseconds as doubles, which keep a fraction of
 * about a quarter of a microsecond, finer than any file-system clock tick) and inode.
 */
export type Signature = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** The signature of `stats`, or undefined for a file that does not exist. */
export const signatureOf = (stats: Stats | undefined): Signature | undefined => stats && [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];

/**
 * Whether a signature can vouch for what was read after it was taken: the file's last change lies more than a clock
 * tick before `startedAt` (see RACY_MS), so a change at the time of the read would show as a later time. The one
 * rule the quiet-file index and check's run record (src/check/run-record.ts) both trust a signature by.
 */
export const settled = (signature: Signature, startedAt: number): boolean => Math.max(signature[1], signature[2]) < startedAt - RACY_MS;

/** Whether the flat array `values` holds `signature` from index `at` (the index's values, the run record's). */
export const heldAt = (values: ArrayLike<number>, at: number, signature: Signature): boolean =>
  values[at] === signature[0] && values[at + 1] === signature[1] && values[at + 2] === signature[2] && values[at + 3] === signature[3];

const sameSignature = (a: Signature, b: Signature): boolean => heldAt(a, 0, b);

/**
 * Files that held no candidate when check last read them, each with its stat signature. While the signature stands
 * the file is not read again: one stat instead of open, read and close, and no prefilter over its bytes. On a
 * 10,000-file tree that is most of a cached check. A file the index does not hold costs nothing extra: its
 * signature comes from an fstat of the descriptor the read opens anyway.
 *
 * Why a signature can be trusted: any write to a file moves its change time to the clock's present, which a user
 * cannot set back (utimes sets the other two). The exception is a write that lands within the same clock tick as
 * the read the signature was taken for (coarse file-system clocks tick every few milliseconds, some every second
 * or two): a file changed less than RACY_MS before it was read is not recorded, and is read again next time. Git
 * treats its index's "racily clean" entries the same way. Signatures are always taken before the bytes are read,
 * so a write during the read leaves a signature that no longer matches.
 */
export class QuietFiles {
  private readonly kept = new Map<string, Signature>();
  /** Files this run asked about, kept or not. */
  private readonly visited = new Set<string>();
  private changed = false;
  /** Files this run did not read because their signature vouched for them. */
  vouched = 0;
  /**
   * Every file this run asked about, with the signature it had before it was read (undefined: racy, or it could not
   * be stat'ed): what check's run record vouches for (src/scan/run-inputs.ts).
   */
  readonly seen = new Map<string, Signature | undefined>();

  private constructor(
    private readonly file: string,
    /** Per recorded file, where its signature starts in `values` (four numbers each). */
    private readonly recorded: ReadonlyMap<string, number>,
    private readonly values: readonly number[],
    private readonly startedAt: number,
  ) {}

  /** Opens the index at `file`; a missing, unreadable or corrupt one is empty (every file is read). */
  static open(file: string, now = Date.now()): QuietFiles {
    const recorded = new Map<string, number>();
    let values: readonly number[] = [];
    try {
      // JSON, because JSON.parse is the fastest way into a JavaScript heap: 10,000 entries in a few milliseconds,
      // against ~18 ms for splitting lines of text.
      const index = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; paths?: unknown; signatures?: unknown };
      const { paths, signatures } = index;
      if (
        index.format === FORMAT &&
        Array.isArray(paths) &&
        Array.isArray(signatures) &&
        signatures.length === paths.length * 4 &&
        paths.every((entry) => typeof entry === 'string') &&
        signatures.every((value) => typeof value === 'number')
      ) {
        values = signatures as number[];
        for (let i = 0; i < paths.length; i++) recorded.set(paths[i] as string, i * 4);
      }
    } catch {
      // No index yet, or one that cannot be read: nothing is vouched for.
    }
    return new QuietFiles(file, recorded, values, now);
  }

  private recordedSignature(absolutePath: string): Signature | undefined {
    const at = this.recorded.get(absolutePath);
    return at === undefined ? undefined : [this.values[at], this.values[at + 1], this.values[at + 2], this.values[at + 3]];
  }

  /** Whether the index holds the file: only then is it stat'ed on its own, to be vouched for. */
  holds(absolutePath: string): boolean {
    return this.recorded.has(absolutePath);
  }

  /** The signature of stats taken now; undefined when the file changed too recently to be trusted (racy). */
  signatureOf(stats: Stats): Signature | undefined {
    const signature = signatureOf(stats)!;
    return settled(signature, this.startedAt) ? signature : undefined;
  }

  /**
   * For a file the index holds: its signature now (undefined when racy), and whether it is the one recorded when
   * the file was last found quiet. Undefined when the file cannot be stat'ed (it is then read, and the read reports
   * why).
   */
  look(absolutePath: string): { signature: Signature | undefined; quiet: boolean } | undefined {
    this.visited.add(absolutePath);
    const stats = statSync(absolutePath, { throwIfNoEntry: false });
    const signature = stats && this.signatureOf(stats);
    this.seen.set(absolutePath, signature);
    if (!stats) return undefined;
    const at = this.recorded.get(absolutePath);
    const quiet = signature !== undefined && at !== undefined && heldAt(this.values, at, signature);
    if (quiet) {
      this.kept.set(absolutePath, signature);
      this.vouched++;
    }
    return { signature, quiet };
  }

  /** Records that the file, read after `signature` was taken, held no candidate. */
  keep(absolutePath: string, signature: Signature | undefined): void {
    if (signature === undefined) return;
    this.kept.set(absolutePath, signature);
    const recorded = this.recordedSignature(absolutePath);
    if (recorded === undefined || !sameSignature(recorded, signature)) this.changed = true;
  }

  /**
   * Writes the index when this run changed it. An entry this run did not visit is dropped when it lies under a
   * folder the run walked (the file went away, or is ignored now) and kept otherwise: `check --since`, `--staged`
   * and named files walk no folder, and `check src/` leaves the rest of the tree's entries alone, so that neither
   * empties the index a full check relies on. (An entry for a file deleted outside the walked folders lingers
   * until a walk covers it; it cannot vouch for a new file at that path, which has a new change time.) Written
   * whole and renamed into place; a failure only loses the index.
   */
  save(walkedFolders: readonly string[]): void {
    const under = walkedFolders.map((folder) => (folder.endsWith(path.sep) ? folder : folder + path.sep));
    const walked = (absolutePath: string): boolean => under.some((prefix) => absolutePath.startsWith(prefix));
    const entries = new Map<string, Signature>();
    let dropped = false;
    for (const absolutePath of this.recorded.keys()) {
      if (this.visited.has(absolutePath)) continue;
      if (walked(absolutePath)) dropped = true;
      else entries.set(absolutePath, this.recordedSignature(absolutePath)!);
    }
    for (const [absolutePath, signature] of this.kept) entries.set(absolutePath, signature);
    const forgotten = [...this.visited].some((absolutePath) => !this.kept.has(absolutePath) && this.recorded.has(absolutePath));
    if (!this.changed && !dropped && !forgotten) return;
    const paths: string[] = [];
    const signatures: number[] = [];
    for (const [absolutePath, signature] of entries) {
      paths.push(absolutePath);
      signatures.push(...signature);
    }
    try {
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ format: FORMAT, paths, signatures }));
      renameSync(temporary, this.file);
    } catch {
      // A read-only checkout or a full disk: the next run reads every file, as without the index.
    }
  }
}

const FORMAT = 'renamer-quiet-files-4';
/** How recent a change must be for its signature to be distrusted: above the coarsest common clock tick (FAT's 2 s). */
export const RACY_MS = 3000;

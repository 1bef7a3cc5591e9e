import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** Every file with the config's default name is a renamer plan (the current one, or a sub-project's). */
const CONFIG_NAME = 'renamer.config.json';
/** How a baseline starts as `renamer check --update-baseline` writes it (src/check/baseline.ts), spacing aside. */
const BASELINE_HEAD = /^\s*\{\s*"version"\s*:\s*1\s*,\s*"tool"\s*:\s*"renamer check"/;
const HEAD_BYTES = 128;

function startsLikeBaseline(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(HEAD_BYTES);
    const count = readSync(fd, head, 0, HEAD_BYTES, 0);
    return BASELINE_HEAD.test(head.toString('utf8', 0, count));
  } catch {
    return false; // Unreadable here means unreadable for the scan too, which reports it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * renamer's own files: the config it was given, any renamer.config.json, and check's baselines (named by the
 * command, or recognised by their first line, since apply is never told where the baseline is). They hold the old
 * name by design, so reading them as sources would make `--kinds +text` rewrite the plan and fail the gate forever.
 */
export class OwnFiles {
  private readonly named: ReadonlySet<string>;

  constructor(files: readonly string[]) {
    this.named = new Set(files.map((file) => path.resolve(file)));
  }

  has(absolutePath: string): boolean {
    if (this.named.has(absolutePath)) return true;
    const base = path.basename(absolutePath);
    return base === CONFIG_NAME || (base.endsWith('.json') && startsLikeBaseline(absolutePath));
  }
}

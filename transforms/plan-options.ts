import type { Options } from 'jscodeshift';

/**
 * The rename plan from jscodeshift's options, in the same words as renamer's flags:
 * `--from=OLD --to=NEW`, or `--rename=OLD=NEW` (repeatable, or several separated by commas).
 */
export function renamesFrom(options: Options, transform: string): { from: string; to: string }[] {
  const renames: { from: string; to: string }[] = [];
  if (options.from !== undefined && options.to !== undefined) renames.push({ from: String(options.from), to: String(options.to) });
  for (const entry of [options.rename ?? []].flat().flatMap((value: unknown) => String(value).split(','))) {
    const [from, to] = entry.split('=');
    if (from && to) renames.push({ from: from.trim(), to: to.trim() });
  }
  if (renames.length === 0) throw new Error(`${transform}: give --from=OLD --to=NEW or --rename=OLD=NEW`);
  return renames;
}

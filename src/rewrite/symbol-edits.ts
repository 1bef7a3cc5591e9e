import type { Reference } from '../findings/model.js';
import { respelled } from '../symbols/collisions.js';
import { locationKey, type SymbolGroup } from '../symbols/group.js';
import type { SymbolLocation } from '../symbols/model.js';
import type { Edit } from './edits.js';


interface Spelling {
  readonly location: SymbolLocation;
  readonly name: string;
}

/**
 * The new text of a span. A span spelled by two symbols (`{ sessionId }` is a key and a local; `export { sessionId }`
 * a local and an export name) comes with prefix or suffix text telling which side a symbol is: the side no renamed
 * symbol spells keeps its name (`sessionId: flowId`), and when both sides end up the same the short form stays.
 */
function spanText(original: string, entries: readonly Spelling[]): string {
  const whole = entries.find((entry) => !entry.location.prefixText && !entry.location.suffixText);
  if (whole) return whole.name;
  const right = entries.find((entry) => entry.location.prefixText);
  const left = entries.find((entry) => entry.location.suffixText);
  if (right && !left) return `${right.location.prefixText}${right.name}`;
  if (left && !right) return `${left.name}${left.location.suffixText}`;
  const prefix = right!.location.prefixText!;
  const separator = prefix.startsWith(original) ? prefix.slice(original.length) : ': ';
  return left!.name === right!.name ? left!.name : `${left!.name}${separator}${right!.name}`;
}

/**
 * The edits that rename whole symbols: every location of every renamed group, spans shared by two groups merged.
 * `textOf` gives the scanned text of a location's file; `referencesIn` the references inside a location.
 */
export function symbolEdits(
  renamed: readonly SymbolGroup[],
  textOf: (file: string) => string,
  referencesIn: (location: SymbolLocation) => readonly Reference[],
): Map<string, Edit[]> {
  const spellings = new Map<string, Spelling[]>();
  for (const group of renamed) {
    for (const location of group.locations.values()) {
      const text = textOf(location.file).slice(location.start, location.end);
      const entry = { location, name: respelled(text, location.start, referencesIn(location)) };
      const key = locationKey(location);
      spellings.set(key, [...(spellings.get(key) ?? []), entry]);
    }
  }
  const byFile = new Map<string, Edit[]>();
  for (const entries of spellings.values()) {
    const { location } = entries[0];
    const original = textOf(location.file).slice(location.start, location.end);
    const text = spanText(original, entries);
    if (text === original) continue;
    const kind = referencesIn(location)[0]?.kind ?? 'variable';
    const edits = byFile.get(location.file) ?? [];
    edits.push({ start: location.start, end: location.end, text, kind });
    byFile.set(location.file, edits);
  }
  return byFile;
}

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lineStarts } from '../../findings/positions.js';
import type { SymbolLocation } from '../../symbols/model.js';

/** An LSP position: a 0-based line and a character offset in UTF-16 code units (the protocol's default encoding). */
export interface LspPosition {
  readonly line: number;
  readonly character: number;
}
export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}
export interface LspLocation {
  readonly uri: string;
  readonly range: LspRange;
}

/**
 * File texts and the line starts LSP positions are counted from. Texts come from the scan (so offsets agree with
 * the sites the planner asks about) and fall back to disk for files the scan did not read (a dependency's module).
 * JavaScript strings are UTF-16, so an LSP character is a string index within its line.
 */
export class FileTexts {
  private readonly texts = new Map<string, { text: string; starts: number[] } | null>();
  private readonly boms = new Map<string, boolean>();

  constructor(private readonly textOf: (absolutePath: string) => string | undefined) {}

  text(file: string): string | undefined {
    return this.entry(file)?.text;
  }

  offsetOf(file: string, position: LspPosition): number | undefined {
    const entry = this.entry(file);
    const lineStart = entry?.starts[position.line];
    if (entry === undefined || lineStart === undefined) return undefined;
    return Math.max(0, Math.min(lineStart + position.character - this.bomShift(file, position.line), entry.text.length));
  }

  /** pyright counts a byte-order mark as the first line's first character; our texts leave it out. */
  private bomShift(file: string, line: number): number {
    if (line !== 0) return 0;
    let bom = this.boms.get(file);
    if (bom === undefined) {
      bom = false;
      try {
        const fd = openSync(file, 'r');
        const head = Buffer.alloc(3);
        readSync(fd, head, 0, 3, 0);
        closeSync(fd);
        bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      } catch {
        // An unreadable file has no mark to count.
      }
      this.boms.set(file, bom);
    }
    return bom ? 1 : 0;
  }

  positionOf(file: string, offset: number): LspPosition {
    const starts = this.entry(file)?.starts ?? [0];
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low]! + this.bomShift(file, low) };
  }

  /** An LSP location as a span of our texts; undefined when the file cannot be read. */
  toLocation(location: LspLocation): SymbolLocation | undefined {
    const file = fileOfUri(location.uri);
    if (!file) return undefined;
    const start = this.offsetOf(file, location.range.start);
    const end = this.offsetOf(file, location.range.end);
    return start === undefined || end === undefined ? undefined : { file, start, end };
  }

  private entry(file: string): { text: string; starts: number[] } | undefined {
    let entry = this.texts.get(file);
    if (entry === undefined) {
      let text = this.textOf(file);
      if (text === undefined) {
        try {
          // The scan leaves a BOM out of its texts; do the same, so offsets mean the same thing everywhere.
          text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
        } catch {
          text = undefined;
        }
      }
      entry = text === undefined ? null : { text, starts: lineStarts(text) };
      this.texts.set(file, entry);
    }
    return entry ?? undefined;
  }
}

export const uriOf = (file: string): string => pathToFileURL(file).href;

export function fileOfUri(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

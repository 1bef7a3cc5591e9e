import { importPackage } from '../../config/import-package.js';
import type { SqlToken } from './tokens.js';
import { utf8ToUtf16Offsets } from './utf8-offsets.js';

type ScanSync = (query: string) => { tokens: { start: number; end: number }[] };

let scanSync: ScanSync | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads libpg-query's wasm once. Imported lazily: the package starts compiling its wasm as soon as it is
 * imported, which a scan without SQL candidates should never pay for.
 */
export function loadPgScanner(): Promise<void> {
  loading ??= importPackage<typeof import('libpg-query')>('libpg-query')
    .then(async (module) => {
      await module.loadModule();
      scanSync = module.scanSync;
    })
    // Without the wasm scanner the fallback tokenizer still classifies every token; a scan must not fail for it.
    .catch(() => undefined);
  return loading;
}

/**
 * PostgreSQL's own lexer (the one the server runs), or undefined when it rejects the text — it does on an
 * unterminated string, quoted identifier or comment — or is not loaded.
 */
export function pgScan(text: string): SqlToken[] | undefined {
  if (!scanSync) return undefined;
  let scanned: ReturnType<ScanSync>;
  try {
    scanned = scanSync(text);
  } catch {
    return undefined;
  }
  const toUtf16 = utf8ToUtf16Offsets(text);
  return scanned.tokens.map((token) => {
    const start = toUtf16(token.start);
    const end = toUtf16(token.end);
    return { start, end, text: text.slice(start, end) };
  });
}

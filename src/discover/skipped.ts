/**
 * Folders the walk never enters, wherever they are. .renamer-cache is check's own cache (src/scan/cache.ts), ignored
 * by its own .gitignore too. A module of its own: check's run record (src/check/run-record.ts) needs the names
 * without discovery's .gitignore machinery.
 */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set(['node_modules', '.git', '.renamer-cache']);

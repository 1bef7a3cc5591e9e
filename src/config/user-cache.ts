import path from 'node:path';

/**
 * renamer's folder in the user's cache (`$XDG_CACHE_HOME/renamer`, else `~/.cache/renamer`), for what one run can
 * leave the next: PGlite's initialised data directory, V8's code caches of renamer's bundle and of the TypeScript
 * compiler (src/config/code-cache.ts). Undefined without a home or XDG_CACHE_HOME: no shared /tmp fallback, where
 * another user could plant a file (a code cache is code).
 */
export function userCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const cache = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  return cache ? path.join(cache, 'renamer') : undefined;
}

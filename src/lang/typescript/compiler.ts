import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { requireWithCodeCache, type CodeCacheState } from '../../config/code-cache.js';

const require = createRequire(import.meta.url);
let typescript: typeof TS | undefined;
let codeCache: CodeCacheState = 'off';

/**
 * The TypeScript compiler, loaded once per thread, for every part of renamer that needs it (apply's engine, import
 * resolution, the fallback parser). Node 20 compiles its 9 MB of JavaScript on every start (~0.2 s) and then every
 * function it calls on first use; Node 22's compile cache is not here. So the module is compiled through
 * `vm.Script` with V8's code cache, kept in the user's cache folder: the first run writes it when it ends (holding
 * the functions that run compiled), later runs start from it. apply on the example app: 4.2 → 3.8 s. V8 rejects
 * a cache made by another V8, other flags or other source, and a rejected or unreadable cache only costs the plain
 * compile; without a cache folder the compiler is required as usual.
 */
export function loadTypeScript(): typeof TS {
  typescript ??= loadCached() ?? (require('typescript') as typeof TS);
  return typescript;
}

/** How the last load went, for tests: the code cache accepted, rejected (or absent), or not used. */
export function typeScriptCodeCache(): typeof codeCache {
  return codeCache;
}

function loadCached(): typeof TS | undefined {
  let file: string;
  let version: string;
  try {
    file = require.resolve('typescript');
    version = (require('typescript/package.json') as { version: string }).version;
  } catch {
    return undefined; // An install that hides its manifest: required as usual, which reports what is wrong.
  }
  const loaded = requireWithCodeCache(file, { family: 'typescript', version });
  if (!loaded) return undefined;
  codeCache = loaded.state;
  return loaded.exports as typeof TS;
}

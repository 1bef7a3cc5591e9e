import type { Language } from '../findings/model.js';
import type { Binding, EngineContext, SiteQuery, SymbolEngine } from '../symbols/model.js';

export type EngineLanguage = 'typescript' | 'python';

/** TypeScript's language service serves TS and JS alike; pyright serves Python. */
export const engineFor = (language: Language): EngineLanguage | undefined =>
  language === 'typescript' || language === 'javascript' ? 'typescript' : language === 'python' ? 'python' : undefined;

export interface BindProgress {
  (engine: EngineLanguage, done: number, total: number): void;
}

async function startEngine(language: EngineLanguage, context: EngineContext): Promise<SymbolEngine> {
  // Loaded on demand: each engine brings a compiler or a language server that scan and check never pay for.
  if (language === 'typescript') return (await import('./typescript/symbols.js')).createTypeScriptEngine(context);
  return (await import('./python/symbols.js')).createPythonEngine(context);
}

/**
 * Engines created ahead of their sites, each told to start its work now (pyright's server), for bindSites to use.
 * One that cannot be created is left out: bindSites then creates it and reports why it fails.
 */
export async function startEngines(languages: readonly EngineLanguage[], context: EngineContext): Promise<Map<EngineLanguage, SymbolEngine>> {
  const started = new Map<EngineLanguage, SymbolEngine>();
  for (const language of languages) {
    try {
      const engine = await startEngine(language, context);
      engine.warm?.();
      started.set(language, engine);
    } catch {
      // bindSites tries again, and reports the failure on the sites it could not bind.
    }
  }
  return started;
}

/**
 * Asks each language's engine about its sites, one engine at a time, and stops every engine it started or was
 * handed (`started`, by startEngines). An engine that cannot start or fails leaves its sites unknown with the
 * reason, so nothing it could not vouch for is rewritten.
 */
export async function bindSites(
  sites: ReadonlyMap<EngineLanguage, readonly SiteQuery[]>,
  context: EngineContext,
  onProgress?: BindProgress,
  started: ReadonlyMap<EngineLanguage, SymbolEngine> = new Map(),
): Promise<Map<SiteQuery, Binding>> {
  const bindings = new Map<SiteQuery, Binding>();
  try {
    for (const [language, queries] of sites) if (queries.length > 0) await bindLanguage(language, queries, context, bindings, onProgress, started.get(language));
  } finally {
    // An engine started ahead whose language had no site to bind.
    for (const [language, engine] of started) if (!sites.get(language)?.length) await engine.dispose().catch(() => undefined);
  }
  return bindings;
}

async function bindLanguage(
  language: EngineLanguage,
  queries: readonly SiteQuery[],
  context: EngineContext,
  bindings: Map<SiteQuery, Binding>,
  onProgress: BindProgress | undefined,
  ahead: SymbolEngine | undefined,
): Promise<void> {
  let engine: SymbolEngine | undefined = ahead;
  try {
    engine ??= await startEngine(language, context);
    const answers = await engine.bind(queries, (done, total) => onProgress?.(language, done, total));
    queries.forEach((query, index) => bindings.set(query, answers[index]));
  } catch (error) {
    const reason = `the ${language === 'python' ? 'Python (pyright)' : 'TypeScript'} engine failed: ${(error as Error).message.split('\n')[0]}`;
    for (const query of queries) bindings.set(query, { kind: 'unknown', reason });
  } finally {
    await engine?.dispose().catch(() => undefined);
  }
}

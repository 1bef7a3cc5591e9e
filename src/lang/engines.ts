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
 * Asks each language's engine about its sites, one engine at a time, and stops every engine it started. An engine
 * that cannot start or fails leaves its sites unknown with the reason, so nothing it could not vouch for is rewritten.
 */
export async function bindSites(
  sites: ReadonlyMap<EngineLanguage, readonly SiteQuery[]>,
  context: EngineContext,
  onProgress?: BindProgress,
): Promise<Map<SiteQuery, Binding>> {
  const bindings = new Map<SiteQuery, Binding>();
  for (const [language, queries] of sites) {
    if (queries.length === 0) continue;
    let engine: SymbolEngine | undefined;
    try {
      engine = await startEngine(language, context);
      const answers = await engine.bind(queries, (done, total) => onProgress?.(language, done, total));
      queries.forEach((query, index) => bindings.set(query, answers[index]));
    } catch (error) {
      const reason = `the ${language === 'python' ? 'Python (pyright)' : 'TypeScript'} engine failed: ${(error as Error).message.split('\n')[0]}`;
      for (const query of queries) bindings.set(query, { kind: 'unknown', reason });
    } finally {
      await engine?.dispose().catch(() => undefined);
    }
  }
  return bindings;
}

import type ts from 'typescript';
import type { Binding, EngineContext, SymbolEngine } from '../../symbols/model.js';
import { loadTypeScript } from './compiler.js';
import { createSharedHost, ProjectService } from './language-service.js';
import { SiteAsker } from './symbols-ask.js';
import { Coverage } from './symbols-coverage.js';
import { Externals } from './symbols-external.js';
import { SiteNodes } from './symbols-node.js';
import { Owners } from './symbols-owner.js';
import { loadWorkspace, type ProjectSpec } from './workspace.js';

/** Sites answered between two turns of the event loop, so a progress display can draw while TypeScript works. */
const BATCH = 64;

/**
 * The TypeScript/JavaScript symbol engine: TypeScript's language service over every project of the workspace
 * (one service per tsconfig, plus an inferred project for loose files, sharing parsed files), answering with its
 * rename locations. Nothing is type-checked beyond what those questions need; projects are built on first use.
 */
export async function createTypeScriptEngine(context: EngineContext): Promise<SymbolEngine> {
  const typescript = loadTypeScript();
  const workspace = loadWorkspace(typescript, context.cwd, context.files, context.mayMention);
  const shared = createSharedHost(typescript, context.cwd, workspace, context.textOf);
  const services = new Map<ProjectSpec, ProjectService>();
  const serviceOf = (spec: ProjectSpec): ProjectService => {
    let service = services.get(spec);
    if (!service) services.set(spec, (service = new ProjectService(spec, shared)));
    return service;
  };
  const projects = {
    forFile: (file: string) => serviceOf(workspace.projectOf(file)),
    all: () => workspace.projects.map(serviceOf),
  };
  const nodes = new SiteNodes(typescript);
  const owners = new Owners(typescript, workspace, context.cwd);
  const asker = new SiteAsker(typescript, projects, nodes, owners, new Externals(typescript, owners));
  const coverage = new Coverage();

  return {
    async bind(sites, onProgress) {
      const answers: Binding[] = [];
      for (const site of sites) {
        let binding = coverage.find(site);
        if (!binding) {
          try {
            binding = asker.ask(site);
          } catch (error) {
            // One site TypeScript trips on is reported, never the end of the run (STYLE.md rule 5).
            binding = { kind: 'unknown', reason: `TypeScript failed on this site: ${(error as Error).message.split('\n')[0]}` };
          }
          if (binding.kind === 'symbol') coverage.add(binding);
        }
        answers.push(binding);
        onProgress?.(answers.length, sites.length);
        if (answers.length % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return answers;
    },
    async dispose() {
      for (const service of services.values()) service.dispose();
      services.clear();
    },
  };
}

/**
 * jscodeshift transform: renames every identifier (bindings, properties, JSX names, type names) that matches the
 * plan, with renamer's own word matcher, in every case style and inside compounds.
 *
 *   npm run build && npx jscodeshift -t transforms/rename-identifier.ts --from=session_id --to=flow_id src
 *   (or --rename=session_id=flow_id,other=new; add --parser=tsx for TypeScript)
 *
 * It is syntactic: unlike `renamer apply` it does not know which names a dependency declares. jscodeshift compiles
 * a transform to CommonJS, so the matcher comes from the built output (dist/, `npm run build`), loaded through
 * Node's require of ES modules (Node 20.19+).
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import { renamesFrom } from './plan-options.ts';
// @ts-expect-error dist/ is built JavaScript without declarations; its types are those of src/words below.
import * as built from '../dist/words/index.js';

type Words = typeof import('../src/words/index.js');
const { createMatcher } = built as Words;

export default function renameIdentifier(file: FileInfo, api: API, options: Options): string | undefined {
  const matcher = createMatcher(renamesFrom(options, 'rename-identifier'));
  const j = api.jscodeshift;
  if (matcher.matchAll(file.source).length === 0) return undefined;
  const root = j(file.source);
  let changed = 0;
  const rename = (node: { name: string }) => {
    const next = matcher.replaceAll(node.name);
    if (next !== node.name) {
      node.name = next;
      changed++;
    }
  };
  root.find(j.Identifier).forEach((path) => rename(path.node));
  root.find(j.JSXIdentifier).forEach((path) => rename(path.node));
  return changed > 0 ? root.toSource() : undefined;
}

export const parser = 'tsx';

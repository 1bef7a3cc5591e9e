import type { RenamerOptions } from '../config/options.js';
import { memberCheckOf, mentionsJsDocTypes } from '../lang/typescript/member-sites.js';
import type { MemberSite } from './dependency-members.js';
import type { FileWork } from './work.js';

/**
 * The TS/JS sites whose member only TypeScript's checker can place (see lang/typescript/member-sites.ts, which the
 * analyzer shares so that check knows when none is left): shorthand keys count when keys are renamed, other sites
 * when their own kind is.
 */
export function memberSitesToCheck(work: readonly FileWork[], options: RenamerOptions): MemberSite[] {
  const keys = options.kinds.has('property') || options.kinds.has('member');
  const sites: MemberSite[] = [];
  for (const file of work) {
    if (file.source.language !== 'typescript' && file.source.language !== 'javascript') continue;
    const jsDocTypes = mentionsJsDocTypes(file.source.language, file.source.text);
    for (const [reference, node] of file.nodes) {
      const check = memberCheckOf(node, reference.kind, jsDocTypes);
      if (check === 'key' ? !keys : check !== 'site' || !options.kinds.has(reference.kind)) continue;
      sites.push({ absolutePath: file.source.absolutePath, start: node.startIndex, end: node.endIndex, text: node.text, reference: reference.start });
    }
  }
  return sites;
}

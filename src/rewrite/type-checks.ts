import type { RenamerOptions } from '../config/options.js';
import type { Conflict } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import type { AllowedModules } from './allowed-modules.js';
import type { ScopeConflict } from './conflicts.js';
import { memberSitesToCheck } from './dependency-sites.js';
import { siteKey, type MemberBlocks } from './member-blocks.js';
import { overrideCandidates } from './override-sites.js';
import { conflictAt, type FileWork } from './work.js';

export interface TypeCheckResult {
  /**
   * Sites (by siteKey of the reference) naming a member declared by a dependency or in an allowed file, with the
   * entry listed for each (under `conflicts` or `kept`).
   */
  readonly foreignMembers: Map<string, { readonly entry: Conflict; readonly allowed: boolean }>;
  readonly conflicts: Conflict[];
  /** Sites that stay because of an allowed file: reported, never a failure. */
  readonly kept: Conflict[];
  /** Overriding members, by file path: their uses in the class body stay with them. */
  readonly spans: Array<{ readonly path: string; readonly span: ScopeConflict; readonly allowed: boolean }>;
}

/**
 * The checks that need TypeScript's checker: member sites that may name a dependency's (or an allowed file's)
 * member, members that override one, and the sites of members that keep their name. Syntax picks the sites first;
 * the checker (ts-morph, which brings the whole compiler) is loaded only when one is left, and one Project serves all.
 * `skip` holds sites already decided without it (siteKey of the reference).
 */
export async function typeChecks(work: readonly FileWork[], options: RenamerOptions, members: MemberBlocks, allowed: AllowedModules, skip: ReadonlySet<string>): Promise<TypeCheckResult> {
  const result: TypeCheckResult = { foreignMembers: new Map(), conflicts: [], kept: [], spans: [] };
  const dependencySites = memberSitesToCheck(work, options).filter((site) => !skip.has(siteKey(site.absolutePath, site.reference)));
  const candidates = overrideCandidates(work, options);
  const scopeSites = members.sitesToCheck(work, options);
  if (dependencySites.length === 0 && scopeSites.length === 0 && candidates.length === 0) {
    members.resolve(new Map());
    return result;
  }
  const [{ projectFor }, { findDependencyMembers }, { keptMemberSites }, { findOverrides }] = await Promise.all([
    import('./ts-project.js'), import('./dependency-members.js'), import('./member-scope.js'), import('./overrides.js'),
  ]);
  const typedMembers = members.kept.filter((member) => member.typed).map((member) => member.absolutePath);
  const files = [...dependencySites, ...scopeSites, ...candidates].map((site) => site.absolutePath).concat(typedMembers);
  const project = projectFor(options.cwd, files);
  const allowedFile = (absolutePath: string) => allowed.allowedFile(absolutePath);
  for (const site of findDependencyMembers(project, options.cwd, dependencySites, allowedFile)) {
    const file = work.find((w) => w.source.absolutePath === site.absolutePath)!;
    const lines = new LineIndex(file.source.text);
    const entry = site.allowed
      ? conflictAt(file.source, lines, site, `kept: declared in an allowed file (${site.declaredIn})`)
      : conflictAt(file.source, lines, site, `declared by a dependency (${site.declaredIn}); not renamed`);
    (site.allowed ? result.kept : result.conflicts).push(entry);
    result.foreignMembers.set(siteKey(site.absolutePath, site.reference), { entry, allowed: site.allowed });
  }
  const overridden = new Set<string>();
  for (const { candidate, overridden: what, declaredBy, allowed: inAllowed } of findOverrides(project, options.cwd, candidates, allowedFile)) {
    if (overridden.has(siteKey(candidate.absolutePath, candidate.start))) continue;
    overridden.add(siteKey(candidate.absolutePath, candidate.start));
    const lines = new LineIndex(candidate.file.source.text);
    const reason = inAllowed ? `overrides ${what} declared in an allowed file (${declaredBy})` : `overrides ${what} declared by ${declaredBy}; not renamed`;
    (inAllowed ? result.kept : result.conflicts).push(conflictAt(candidate.file.source, lines, candidate, inAllowed ? `kept: ${reason}` : reason));
    const span: ScopeConflict = { start: candidate.start, end: candidate.end, text: candidate.text, reason, name: candidate.text, from: candidate.from, to: candidate.to, member: true, identifiersOnly: true };
    result.spans.push({ path: candidate.file.source.path, span, allowed: inAllowed });
    members.add(candidate.file, span, `${candidate.file.source.path}:${lines.position(candidate.start).line}`, inAllowed);
  }
  // The overriding members' accesses elsewhere keep their name too: look for them with the same Project.
  const sites = overridden.size > 0 ? members.sitesToCheck(work, options) : scopeSites;
  for (const site of sites) if (!project.getSourceFile(site.absolutePath)) project.addSourceFileAtPath(site.absolutePath);
  members.resolve(keptMemberSites(project, members.kept, sites));
  return result;
}

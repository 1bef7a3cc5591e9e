import type ts from 'typescript';
import type { SymbolLocation } from '../../symbols/model.js';
import type { ProjectService } from './language-service.js';

/** Prefix and suffix text keep `{ sessionId }` and `import { x }` correct when only one of the two names changes. */
export const RENAME_PREFERENCES: ts.UserPreferences = { providePrefixAndSuffixTextForRename: true };

/**
 * The locations of one symbol, united over several questions. A span two answers spell differently (`export { x }`
 * as ` as x` from the declaration, as `x as ` from the export) is the symbol twice over, so it is spelled whole.
 */
export class LocationSet {
  private readonly byKey = new Map<string, SymbolLocation>();

  /**
   * `whole` is the shorthand a question without prefix and suffix text was asked at: that span becomes whole, and
   * every other span keeps the affixes an earlier answer gave it. Asked at an untyped `{ sessionId, error }`, the
   * answer also lists the local's typed shorthand `fire({ type, sessionId })` without affixes; that key is still
   * the event type's, so it must stay `sessionId: flowId`.
   */
  add(locations: readonly ts.RenameLocation[], whole?: { readonly file: string; readonly position: number }): void {
    for (const location of locations) {
      const start = location.textSpan.start;
      const end = start + location.textSpan.length;
      const key = `${location.fileName}:${start}:${end}`;
      const found = this.byKey.get(key);
      const next: SymbolLocation = { file: location.fileName, start, end, ...affixes(location) };
      const asked = whole !== undefined && location.fileName === whole.file && start === whole.position;
      if (!found) this.byKey.set(key, next);
      else if (whole && !asked) continue;
      else if (found.prefixText !== next.prefixText || found.suffixText !== next.suffixText) this.byKey.set(key, { file: found.file, start, end });
    }
  }

  values(): SymbolLocation[] {
    return [...this.byKey.values()];
  }
}

function affixes(location: ts.RenameLocation): { prefixText?: string; suffixText?: string } {
  return {
    ...(location.prefixText ? { prefixText: location.prefixText } : {}),
    ...(location.suffixText ? { suffixText: location.suffixText } : {}),
  };
}

export interface Question {
  readonly project: ProjectService;
  readonly file: string;
  readonly position: number;
  /** Without prefix and suffix text, a shorthand `{ x }` renames the local and the key together (see symbols-ask.ts). */
  readonly whole?: boolean;
}

/**
 * The locations of one symbol, gathered as tsserver's rename does. A re-export that keeps the public name
 * (`export { x }` renamed as `export { y as x }`) is followed, so the barrel's importers move with the symbol: all
 * or nothing. `acrossProjects` adds each other project whose program holds the declaration's file (a workspace
 * package imported by another package), asked at the declaration.
 */
export class WholeSymbol {
  readonly locations = new LocationSet();
  private readonly asked = new Set<string>();

  ask({ project, file, position, whole }: Question): void {
    const key = `${project.spec.configFile ?? ''}\0${file}:${position}`;
    if (this.asked.has(key)) return;
    this.asked.add(key);
    const preferences = whole ? { providePrefixAndSuffixTextForRename: false } : RENAME_PREFERENCES;
    const locations = project.languageService.findRenameLocations(file, position, false, false, preferences);
    if (!locations) return;
    this.locations.add(locations, whole ? { file, position } : undefined);
    for (const location of locations) {
      if (location.suffixText?.startsWith(' as ')) this.ask({ project, file: location.fileName, position: location.textSpan.start });
    }
  }

  /**
   * Each project is asked at the first of `declarations` its program holds: an object literal's key in one package
   * declares the interface property too, but only the interface is visible from the packages that import it.
   */
  acrossProjects(projects: readonly ProjectService[], name: string, declarations: readonly { readonly file: string; readonly position: number }[]): void {
    for (const project of projects) {
      if (!project.spells(name)) continue;
      const declaration = declarations.find((candidate) => project.contains(candidate.file));
      if (declaration) this.ask({ project, ...declaration });
    }
  }
}

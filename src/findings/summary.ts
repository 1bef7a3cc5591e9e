import type { BrokenImport, FileError, Reference, Summary } from './model.js';

export function summarise(input: {
  filesScanned: number;
  references: readonly Reference[];
  brokenImports: readonly BrokenImport[];
  importsChecked: number;
  errors: readonly FileError[];
}): Summary {
  const byKind: Summary['byKind'] = {};
  const byLanguage: Summary['byLanguage'] = {};
  const files = new Set<string>();
  let allowed = 0;
  for (const reference of input.references) {
    files.add(reference.file);
    if (reference.allowed) allowed++;
    byKind[reference.kind] = (byKind[reference.kind] ?? 0) + 1;
    byLanguage[reference.language] = (byLanguage[reference.language] ?? 0) + 1;
  }
  return {
    filesScanned: input.filesScanned,
    files: files.size,
    references: input.references.length,
    allowed,
    byKind: sortKeys(byKind),
    byLanguage: sortKeys(byLanguage),
    importsChecked: input.importsChecked,
    brokenImports: input.brokenImports.length,
    errors: input.errors.length,
  };
}

function sortKeys<T extends Record<string, number>>(record: T): T {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1))) as T;
}

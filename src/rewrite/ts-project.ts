import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { InputError } from '../errors.js';

/**
 * A ts-morph Project for the type checks of planning, holding only `files` (their imports are loaded by the
 * program as needed): the whole tree is never type-checked. Compiler options come from the tsconfig nearest to
 * the first file, else to `cwd`.
 */
export function projectFor(cwd: string, files: Iterable<string>): Project {
  const unique = [...new Set(files)];
  const first = unique.length > 0 ? path.dirname(unique[0]) : cwd;
  const tsConfigFilePath = ts.findConfigFile(first, ts.sys.fileExists) ?? ts.findConfigFile(cwd, ts.sys.fileExists);
  let project: Project;
  try {
    project = tsConfigFilePath
      ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } })
      : new Project({ compilerOptions: { allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext } });
  } catch (error) {
    // ts-morph's own message ("'}' expected.") does not say which file it was reading.
    throw new InputError(`${path.relative(cwd, tsConfigFilePath!) || tsConfigFilePath}: cannot be read as a tsconfig (${(error as Error).message})`, { cause: error });
  }
  for (const file of unique) project.addSourceFileAtPath(file);
  return project;
}

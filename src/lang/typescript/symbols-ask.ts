import type ts from 'typescript';
import type { Binding, SiteQuery, SymbolLocation } from '../../symbols/model.js';
import type { ProjectService } from './language-service.js';
import type { Externals } from './symbols-external.js';
import { LiteralTypes } from './symbols-literal.js';
import { RENAME_PREFERENCES, WholeSymbol } from './symbols-locations.js';
import type { SiteNodes } from './symbols-node.js';
import type { Owners } from './symbols-owner.js';
import { Unresolved } from './symbols-unresolved.js';

export interface Projects {
  /** The project holding the file as a root (nearest config, else the inferred one). */
  forFile(file: string): ProjectService;
  all(): readonly ProjectService[];
}

/** A name of an installed package TypeScript has no types for: the dependency's, known only where it is spelled. */
const untyped = (name: string, location: SymbolLocation, declaredIn: string, reason: string): Binding =>
  ({ kind: 'symbol', name, locations: [location], declarations: [], owner: 'dependency', declaredIn, reason });

interface Asking {
  readonly site: SiteQuery;
  readonly project: ProjectService;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
}

/** Answers one site with one project's language service (see symbols.ts for the order and the reuse of answers). */
export class SiteAsker {
  private readonly unresolved: Unresolved;
  private readonly literals: LiteralTypes;

  constructor(
    private readonly typescript: typeof ts,
    private readonly projects: Projects,
    private readonly nodes: SiteNodes,
    private readonly owners: Owners,
    private readonly externals: Externals,
  ) {
    this.unresolved = new Unresolved(typescript);
    this.literals = new LiteralTypes(typescript);
  }

  ask(site: SiteQuery): Binding {
    const project = this.projects.forFile(site.file);
    const program = project.program();
    const file = program.getSourceFile(site.file);
    if (!file) return { kind: 'unknown', reason: 'TypeScript does not read this file' };
    const asking: Asking = { site, project, program, checker: program.getTypeChecker() };
    const node = this.nodes.nameAt(file, site.start);
    if (!node || node.kind === this.typescript.SyntaxKind.JsxText) return { kind: 'unbound' };
    const object = this.nodes.keyOwner(node);
    const keyVerdict = object && this.key(asking, node, object);
    if (keyVerdict) return keyVerdict;
    if (this.nodes.isTemplatePart(node)) return this.unboundString(asking, node);
    if (this.nodes.isStringLike(node)) {
      const info = project.languageService.getRenameInfo(site.file, site.start, RENAME_PREFERENCES);
      return info.canRename ? this.symbol(asking, node, info) : this.unboundString(asking, node);
    }
    const at = this.nodes.askAt(asking.checker, node);
    if ('unresolved' in at) return this.unresolvedImport(asking, node, at.unresolved, at.exportName);
    const target = at.node;
    const info = project.languageService.getRenameInfo(target.getSourceFile().fileName, target.getStart(), RENAME_PREFERENCES);
    return this.symbol(asking, target, info, this.ownShorthand(asking, node));
  }

  /**
   * A shorthand `{ sessionId }` whose key no type declares and no foreign or unresolved call receives: the key is
   * the object's own, born with the local, so both are one symbol (TypeScript's rename without prefix text) and the
   * shorthand stays a shorthand. A key some type declares is that type's property, asked from its own sites.
   */
  private ownShorthand(asking: Asking, node: ts.Node): boolean {
    const parent = node.parent;
    if (!this.typescript.isShorthandPropertyAssignment(parent) || parent.name !== node) return false;
    const object = parent.parent;
    const declared = this.contextualDeclarations(asking.checker, object, parent.name.text).length > 0;
    return !declared && !this.externals.keyContract(asking.program, asking.checker, object);
  }

  /**
   * An object key: the property of the object's contextual type when one declares it (TypeScript's rename ties
   * them), else what the call it is passed to says: unknown when that call cannot be resolved, an external
   * contract when a dependency or the platform takes it, and the project's own shape otherwise.
   */
  private key(asking: Asking, node: ts.Node, object: ts.ObjectLiteralExpression | ts.JsxAttributes): Binding | undefined {
    const { checker, program } = asking;
    const type = checker.getContextualType(object as ts.Expression);
    const name = (node as ts.Identifier | ts.StringLiteral).text;
    if (type && !(type.flags & this.typescript.TypeFlags.Any) && this.contextualDeclarations(checker, object, name).length > 0) return undefined;
    const contract = this.externals.keyContract(program, checker, object);
    if (!contract) return undefined;
    return 'unknown' in contract ? { kind: 'unknown', reason: contract.unknown } : { kind: 'unbound', external: contract.external };
  }

  private unboundString(asking: Asking, node: ts.Node): Binding {
    const root = this.nodes.stringRoot(node);
    const external = this.externals.stringContract(asking.program, asking.checker, root, root.getText());
    return external ? { kind: 'unbound', external } : { kind: 'unbound' };
  }

  private unresolvedImport(asking: Asking, node: ts.Node, specifier: string, exportName: string): Binding {
    const installed = this.unresolved.installedPackage(asking.program, asking.site.file, specifier);
    const location: SymbolLocation = { file: asking.site.file, start: node.getStart(), end: node.getEnd() };
    if (installed) return untyped(exportName, location, installed, `'${specifier}' is installed without type declarations`);
    return { kind: 'unknown', reason: `\`${exportName}\` is imported from '${specifier}', which TypeScript cannot resolve (are dependencies installed?)` };
  }

  /** A symbol TypeScript found at `node`, whole: its locations in every project that can see it, and its owner. */
  private symbol(asking: Asking, node: ts.Node, info: ts.RenameInfo, whole = false): Binding {
    const { program, checker, project, site } = asking;
    const file = node.getSourceFile().fileName;
    const position = this.nodes.isStringLike(node) ? site.start : node.getStart();
    const declarations = this.declarationsOf(checker, node);
    // A key an index signature takes (`properties.$session_id`) names no member: it is as free as a string key.
    const indexed = declarations.every((declaration) => this.typescript.isIndexSignatureDeclaration(declaration)) && this.nodes.indexedObject(checker, node);
    if (indexed) {
      const external = this.externals.foreignKey(program, checker, indexed);
      return external ? { kind: 'unbound', external } : { kind: 'unbound' };
    }
    if (!info.canRename && declarations.length === 0) {
      if (this.nodes.isStringLike(node)) return this.unboundString(asking, node);
      const installed = this.unresolved.memberOfInstalled(program, checker, node);
      const location: SymbolLocation = { file: site.file, start: node.getStart(), end: node.getEnd() };
      if (installed) return untyped(node.getText(), location, installed, `a member of '${installed}', which is installed without type declarations`);
      return { kind: 'unknown', reason: `${info.localizedErrorMessage} ${this.unresolved.cause(program, checker, node)}` };
    }
    const gathered = new WholeSymbol();
    gathered.ask({ project, file, position, whole });
    // An own shorthand among the locations makes its local and its key one symbol, however the symbol was reached.
    for (const location of gathered.locations.values()) {
      if (!location.prefixText && !location.suffixText) continue;
      const source = program.getSourceFile(location.file);
      const shorthand = source && this.nodes.nameAt(source, location.start);
      if (shorthand && this.ownShorthand(asking, shorthand)) gathered.ask({ project, file: location.file, position: location.start, whole: true });
    }
    const literal = this.literals.isLiteralType(checker, node);
    const foreignType = literal && this.isForeign(program, declarations);
    // A literal type ties same-spelled literals whoever writes their type; keep those written as this one's is.
    const kept = (locations: SymbolLocation[]) => (literal ? locations.filter((location) => this.literalIsForeign(program, checker, location) === foreignType) : locations);
    const single = kept(gathered.locations.values());
    const filesOf = (locations: readonly SymbolLocation[]) => [...new Set(locations.map((location) => location.file))];
    let verdict = this.owners.of(program, declarations, filesOf(single));
    if (!info.canRename && (verdict.owner === 'project' || verdict.owner === 'workspace')) {
      return { kind: 'unknown', reason: `${info.localizedErrorMessage} ${this.unresolved.cause(program, checker, node)}` };
    }
    const augmented = this.unresolved.augmentation(program, declarations);
    if (augmented) return { kind: 'unknown', reason: `declared in an augmentation of '${augmented}', which TypeScript cannot resolve (are dependencies installed?)` };
    let locations = single;
    const firstParty = verdict.owner === 'project' || verdict.owner === 'workspace';
    const local = this.nodes.isFileLocal(declarations) && single.every((location) => location.file === file && !location.suffixText?.startsWith(' as '));
    if (firstParty && !local) {
      // Other projects are asked where the declaration is; a literal type has none, so where the literal is.
      const declared = literal ? [node] : declarations.map((d) => this.typescript.getNameOfDeclaration(d)).filter((name) => name !== undefined);
      const at = declared.map((name) => ({ file: name.getSourceFile().fileName, position: literal ? position : name.getStart() }));
      if (at.length > 0) gathered.acrossProjects(this.projects.all(), info.canRename ? info.displayName : node.getText(), at);
      locations = kept(gathered.locations.values());
      verdict = this.owners.of(program, declarations, filesOf(locations));
    }
    return {
      kind: 'symbol',
      name: info.canRename ? info.displayName : node.getText(),
      locations,
      declarations: literal ? [] : declarations.flatMap((declaration) => this.spanOf(declaration)),
      owner: verdict.owner,
      ...(verdict.declaredIn ? { declaredIn: verdict.declaredIn } : {}),
      ...(!firstParty ? { reason: info.canRename ? verdict.reason! : info.localizedErrorMessage } : {}),
    };
  }

  private isForeign(program: ts.Program, declarations: readonly ts.Declaration[]): boolean {
    return declarations.some((declaration) => this.owners.ofFile(program, declaration.getSourceFile()).foreign);
  }

  /** Whether the literal at a location has its type written by a dependency or the platform (or lies in one). */
  private literalIsForeign(program: ts.Program, checker: ts.TypeChecker, location: SymbolLocation): boolean {
    if (this.owners.ofFile(program, location.file).foreign) return true;
    const source = program.getSourceFile(location.file);
    const node = source && this.nodes.nameAt(source, location.start);
    return node !== undefined && this.literals.isLiteralType(checker, node) && this.isForeign(program, this.literals.declarations(checker, node as ts.Expression));
  }

  /**
   * The declarations of the symbol TypeScript renames at `node`: the local of a shorthand `{ x }` (the key keeps
   * its name), the alias for a local import name, and for object keys and JSX attributes also the property of
   * the contextual type, which is where a dependency's ownership shows.
   */
  private declarationsOf(checker: ts.TypeChecker, node: ts.Node): ts.Declaration[] {
    const typescript = this.typescript;
    const parent = node.parent;
    const symbol = typescript.isShorthandPropertyAssignment(parent) && parent.name === node ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(node);
    const declarations = [...(symbol?.declarations ?? [])];
    const object = this.nodes.keyOwner(node);
    if (object) declarations.push(...this.contextualDeclarations(checker, object, (node as ts.Identifier).text));
    if (this.literals.isLiteralType(checker, node)) declarations.push(...this.literals.declarations(checker, node as ts.Expression));
    return declarations;
  }

  private contextualDeclarations(checker: ts.TypeChecker, object: ts.ObjectLiteralExpression | ts.JsxAttributes, name: string): ts.Declaration[] {
    const type = checker.getContextualType(object as ts.Expression);
    if (!type) return [];
    const members = type.isUnion() ? type.types : [type];
    return members.flatMap((member) => checker.getPropertyOfType(checker.getApparentType(member), name)?.declarations ?? []);
  }

  private spanOf(declaration: ts.Declaration): SymbolLocation[] {
    const name = this.typescript.getNameOfDeclaration(declaration);
    if (!name || this.typescript.isComputedPropertyName(name)) return [];
    const file = name.getSourceFile().fileName;
    const quoted = this.nodes.isStringLike(name) ? 1 : 0;
    return [{ file, start: name.getStart() + quoted, end: name.getEnd() - quoted }];
  }
}

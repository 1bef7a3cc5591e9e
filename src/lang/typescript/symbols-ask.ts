import type ts from 'typescript';
import { comparedProperty } from './compared-shape.js';
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
    if (!node) {
      const regex = this.nodes.regexAt(file, site.start);
      return regex ? this.regexVerdict(asking, regex) : { kind: 'unbound' };
    }
    if (node.kind === this.typescript.SyntaxKind.JsxText) return { kind: 'unbound' };
    const object = this.nodes.keyOwner(node);
    const keyVerdict = object && this.key(asking, node, object);
    if (keyVerdict) return keyVerdict;
    const shorthand = object ? undefined : this.untypedShorthand(asking, node);
    const flowed = object && this.typescript.isObjectLiteralExpression(object) ? this.readerProperty(asking, object, (node as ts.Identifier).text) : shorthand?.reader;
    if (flowed) {
      // The key is the reader's property: one symbol with it, renamed with it or held with it. A shorthand's key
      // side is marked as TypeScript marks it from a property (`{ x }` → `y: x`), so its local keeps its own name.
      const info = project.languageService.getRenameInfo(flowed.getSourceFile().fileName, flowed.getStart(), RENAME_PREFERENCES);
      const binding = this.symbol(asking, flowed, info);
      const key: SymbolLocation = { file: site.file, start: node.getStart(), end: node.getEnd(), ...(shorthand ? { suffixText: `: ${node.getText()}` } : {}) };
      return binding.kind === 'symbol' ? { ...binding, locations: [...binding.locations, key] } : binding;
    }
    if (this.nodes.isTemplatePart(node)) return this.unboundString(asking, node);
    if (this.nodes.isStringLike(node)) {
      const info = project.languageService.getRenameInfo(site.file, site.start, RENAME_PREFERENCES);
      // A literal handed to a parameter that takes any value (`t.is(error.name, 'ForceRetryError')`, whose
      // `expected: Expected` infers the literal's type) is the project's value, not a literal type the callee
      // writes: a string like any other, whose contract the call decides (a pass-through carries it as it is).
      if (info.canRename && this.literals.passedThrough(asking.checker, node)) return this.unboundString(asking, node);
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
   * shorthand stays a shorthand. A key some type declares is that type's property, asked from its own sites; so is
   * a key a typed reader takes from the variable the literal is kept in (yup's `const ctx = { path, … }` handed to
   * `test.call(ctx, value, ctx)` as a `TestContext`): made one with the local, a held `TestContext.path` lost the key.
   */
  private ownShorthand(asking: Asking, node: ts.Node): boolean {
    const untyped = this.untypedShorthand(asking, node);
    return untyped !== undefined && !untyped.reader;
  }

  /** A shorthand whose key no type declares and no call receives, with the typed reader's property if one reads it. */
  private untypedShorthand(asking: Asking, node: ts.Node): { readonly reader?: ts.Node } | undefined {
    const parent = node.parent;
    if (!this.typescript.isShorthandPropertyAssignment(parent) || parent.name !== node) return undefined;
    const object = parent.parent;
    const declared = this.contextualDeclarations(asking.checker, object, parent.name.text).length > 0;
    if (declared || this.externals.keyContract(asking.program, asking.checker, object)) return undefined;
    const reader = this.readerProperty(asking, object, parent.name.text);
    return reader ? { reader } : {};
  }

  /** The typed property that reads an untyped literal's key: through the variable it is kept in, or by comparison. */
  private readerProperty(asking: Asking, object: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
    return this.flowedProperty(asking, object, name) ?? comparedProperty(this.typescript, asking.checker, object, name);
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

  /**
   * A literal no type is written for, kept in a variable (`const options = { cookieName, ttl: 61 }`) and handed to
   * a typed reader (`getSession(req, res, options)` with `options: SessionOptions`): TypeScript's rename does not tie
   * the key to `SessionOptions.ttl`, yet that reader reads it. The name of the property the first such reader's
   * type declares, if any.
   */
  private flowedProperty(asking: Asking, object: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
    const typescript = this.typescript;
    const { checker, program, project } = asking;
    const declaration = object.parent;
    if (!typescript.isVariableDeclaration(declaration) || declaration.initializer !== object || !typescript.isIdentifier(declaration.name)) return undefined;
    if (declaration.type || checker.getContextualType(object)) return undefined;
    const file = declaration.getSourceFile().fileName;
    for (const reference of project.languageService.getReferencesAtPosition(file, declaration.name.getStart()) ?? []) {
      const source = program.getSourceFile(reference.fileName);
      const use = source && this.nodes.nameAt(source, reference.textSpan.start);
      if (!use || use === declaration.name || !typescript.isExpression(use)) continue;
      const type = this.calledWith(checker, use) ?? checker.getContextualType(use);
      if (!type || type.flags & typescript.TypeFlags.Any) continue;
      for (const member of type.isUnion() ? type.types : [type]) {
        // A type inferred from the literal itself is no reader.
        const declarations = checker.getPropertyOfType(checker.getApparentType(member), name)?.declarations ?? [];
        const declared = declarations.find((candidate) => candidate.parent !== object);
        const declaredName = declared && typescript.getNameOfDeclaration(declared);
        if (declaredName && !typescript.isComputedPropertyName(declaredName)) return declaredName;
      }
    }
    return undefined;
  }

  /**
   * The type a function handed `use` through the platform's `fn.call(thisArg, …args)` reads it as: `fn`'s `this`
   * or parameter type. `call`'s own signature infers its `T` and `A` from the arguments (yup's `test.call(ctx,
   * value, ctx)` types `ctx` as itself), so its contextual types name no reader.
   */
  private calledWith(checker: ts.TypeChecker, use: ts.Expression): ts.Type | undefined {
    const typescript = this.typescript;
    const call = use.parent;
    if (!typescript.isCallExpression(call) || !typescript.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'call') return undefined;
    const index = call.arguments.indexOf(use);
    const method = checker.getSymbolAtLocation(call.expression.name)?.declarations?.[0];
    if (index < 0 || !method || !method.getSourceFile().hasNoDefaultLib) return undefined;
    const signature = checker.getSignaturesOfType(checker.getTypeAtLocation(call.expression.expression), typescript.SignatureKind.Call)[0];
    const parameter = index === 0 ? signature?.thisParameter : signature?.parameters[index - 1];
    return parameter && checker.getTypeOfSymbolAtLocation(parameter, call);
  }

  /**
   * A word inside a regular expression that is matched against text a dependency or the platform hands over
   * (`/^(Expired seal|Bad hmac value)/.test(error.message)` after iron-webcrypto's unseal throws): when no string of
   * the project writes the phrase, the phrase is the other side's text, and renaming it stops the match.
   */
  private regexVerdict(asking: Asking, regex: ts.RegularExpressionLiteral): Binding {
    const typescript = this.typescript;
    const { checker, program, site } = asking;
    const subject = this.regexSubject(regex);
    if (!subject || !typescript.isPropertyAccessExpression(subject)) return { kind: 'unbound' };
    const declarations = checker.getSymbolAtLocation(subject.name)?.declarations ?? [];
    const owner = declarations.map((declaration) => this.owners.ofFile(program, declaration.getSourceFile())).find((verdict) => verdict.foreign);
    if (!owner || !('declaredIn' in owner)) return { kind: 'unbound' };
    const text = regex.text;
    const at = site.start - regex.getStart();
    const bounds = /[|()^$/[\]\\.*+?{}]/;
    let from = at;
    while (from > 0 && !bounds.test(text[from - 1]!)) from--;
    let to = at;
    while (to < text.length && !bounds.test(text[to]!)) to++;
    const phrase = text.slice(from, to).trim();
    if (!/\s/.test(phrase) || this.projectWrites(program, phrase)) return { kind: 'unbound' };
    return { kind: 'unbound', external: `'${phrase}' is matched against ${subject.getText()} (${owner.declaredIn}) and no string of the project writes it` };
  }

  /** What a pattern is matched against: `re.test(x)`, `re.exec(x)`, `x.match(re)`, `x.replace(re, …)`, `x.search(re)`. */
  private regexSubject(regex: ts.RegularExpressionLiteral): ts.Expression | undefined {
    const typescript = this.typescript;
    const parent = regex.parent;
    if (typescript.isPropertyAccessExpression(parent) && parent.expression === regex && /^(?:test|exec)$/.test(parent.name.text)) {
      const call = parent.parent;
      return typescript.isCallExpression(call) && call.expression === parent ? call.arguments[0] : undefined;
    }
    if (typescript.isCallExpression(parent) && parent.arguments[0] === regex && typescript.isPropertyAccessExpression(parent.expression)) {
      return /^(?:match|matchAll|replace|replaceAll|search|split)$/.test(parent.expression.name.text) ? parent.expression.expression : undefined;
    }
    return undefined;
  }

  /** Whether a first-party string literal or template of the program spells `phrase`. */
  private projectWrites(program: ts.Program, phrase: string): boolean {
    for (const source of program.getSourceFiles()) {
      if (source.isDeclarationFile || this.owners.ofFile(program, source).foreign) continue;
      for (let at = source.text.indexOf(phrase); at >= 0; at = source.text.indexOf(phrase, at + 1)) {
        const node = this.nodes.innermostAt(source, at);
        if (this.nodes.isStringLike(node) || this.nodes.isTemplatePart(node)) return true;
      }
    }
    return false;
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
    this.keyReaders(asking, gathered);
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

  /**
   * The readers of the object-literal keys this symbol renames. A literal's type flows out through inference
   * (`InferProps<typeof getProps>`, `ReturnType<…>`, `infer P`), and the destructuring `({ session }: Props)` or the
   * member read `props.session` that reads it names the literal's own property: TypeScript's rename, asked at the
   * local of a shorthand or at the member of a contextual type (`satisfies GetProps<{ session: … }>`), does not list
   * them, so renaming the key would leave them behind. They are added on the key side: a shorthand binding
   * `{ session }` as `flow: session`, any other reader whole.
   */
  private keyReaders(asking: Asking, gathered: WholeSymbol): void {
    const typescript = this.typescript;
    const { program, project } = asking;
    const readers: ts.RenameLocation[] = [];
    const known = new Set(gathered.locations.values().map((location) => `${location.file}:${location.start}`));
    for (const location of gathered.locations.values()) {
      if (location.prefixText) continue; // the local side of a shorthand: the key keeps its name
      const source = program.getSourceFile(location.file);
      const node = source && this.nodes.nameAt(source, location.start);
      const parent = node?.parent;
      if (!node || !parent || !(typescript.isShorthandPropertyAssignment(parent) || typescript.isPropertyAssignment(parent)) || parent.name !== node) continue;
      for (const referenced of project.languageService.findReferences(location.file, location.start) ?? []) {
        if (referenced.definition.kind !== typescript.ScriptElementKind.memberVariableElement) continue;
        for (const reference of referenced.references) {
          if (known.has(`${reference.fileName}:${reference.textSpan.start}`)) continue;
          known.add(`${reference.fileName}:${reference.textSpan.start}`);
          const at = program.getSourceFile(reference.fileName);
          const reader = at && this.nodes.nameAt(at, reference.textSpan.start);
          const binding = reader?.parent;
          const shorthandBinding = binding !== undefined && typescript.isBindingElement(binding) && !binding.propertyName && binding.name === reader;
          readers.push({ fileName: reference.fileName, textSpan: reference.textSpan, ...(shorthandBinding ? { suffixText: `: ${reader!.getText()}` } : {}) });
        }
      }
    }
    if (readers.length > 0) gathered.locations.add(readers);
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

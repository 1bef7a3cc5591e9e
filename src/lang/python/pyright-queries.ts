import type { SymbolLocation } from '../../symbols/model.js';
import type { LspClient } from './lsp-client.js';
import { type FileTexts, type LspLocation, type LspRange, uriOf } from './symbols-texts.js';

type TextEdit = { readonly range: LspRange };
type WorkspaceEdit = {
  readonly changes?: Record<string, readonly TextEdit[]>;
  readonly documentChanges?: readonly { readonly textDocument?: { readonly uri: string }; readonly edits?: readonly TextEdit[] }[];
};
type Hover = { readonly contents?: string | { readonly value?: string } | readonly unknown[] };

/** pyright validates the new name; any identifier will do, since only the edits' ranges are used. */
const PROBE_NAME = 'renamer_probe_name';

/** The few LSP requests the engine makes, in our files' offsets rather than LSP positions. */
export class PyrightQueries {
  /** Requests sent, for measurements. */
  requests = 0;
  /** The workspace does not change during a run: the same question gets the same answer (base classes, callees). */
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: LspClient,
    private readonly texts: FileTexts,
  ) {}

  private at(file: string, offset: number) {
    return { textDocument: { uri: uriOf(file) }, position: this.texts.positionOf(file, offset) };
  }

  private ask<T>(method: string, params: object): Promise<T | null> {
    const key = `${method}\0${JSON.stringify(params)}`;
    let answer = this.memo.get(key) as Promise<T | null> | undefined;
    if (!answer) {
      this.requests++;
      answer = this.client.request<T | null>(method, params);
      this.memo.set(key, answer);
      // A failed request (timeout, crash) is not an answer to remember.
      answer.catch(() => this.memo.delete(key));
    }
    return answer;
  }

  private locations(result: LspLocation | readonly LspLocation[] | null): SymbolLocation[] {
    const list = result === null ? [] : Array.isArray(result) ? result : [result as LspLocation];
    return list.flatMap((location) => this.texts.toLocation(location) ?? []);
  }

  /**
   * Every span a rename of the symbol here would edit: declarations, uses, keyword arguments, dataclass fields.
   * Undefined where pyright refuses: it renames only symbols all of whose declarations are user code
   * (RenameProvider.getRenameSymbolMode), which is what prepareRename would say, so that request is saved.
   */
  async renameLocations(file: string, offset: number): Promise<SymbolLocation[] | undefined> {
    const edit = await this.ask<WorkspaceEdit>('textDocument/rename', { ...this.at(file, offset), newName: PROBE_NAME });
    if (!edit) return undefined;
    const locations: LspLocation[] = [];
    for (const change of edit.documentChanges ?? []) {
      for (const text of change.edits ?? []) if (change.textDocument) locations.push({ uri: change.textDocument.uri, range: text.range });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) for (const text of edits) locations.push({ uri, range: text.range });
    return this.locations(locations);
  }

  /** Declarations: stubs first, as pyright's `declaration`; the implementation when there is no stub. */
  async declarations(file: string, offset: number): Promise<SymbolLocation[]> {
    const declared = this.locations(await this.ask('textDocument/declaration', this.at(file, offset)));
    return declared.length > 0 ? declared : this.definitions(file, offset);
  }

  async definitions(file: string, offset: number): Promise<SymbolLocation[]> {
    return this.locations(await this.ask('textDocument/definition', this.at(file, offset)));
  }

  async references(file: string, offset: number): Promise<SymbolLocation[]> {
    return this.locations(await this.ask('textDocument/references', { ...this.at(file, offset), context: { includeDeclaration: true } }));
  }

  /** The class of the value here (`req` → `DataImportRequest`): where pyright declares its type. */
  async typeDefinitions(file: string, offset: number): Promise<SymbolLocation[]> {
    return this.locations(await this.ask('textDocument/typeDefinition', this.at(file, offset)));
  }

  /**
   * Whether pyright analyses the file at all: a file its project's config leaves out (`[tool.pyright] include =
   * ["src"]` and a test under tests/) gets no answer to any request, and no document symbols.
   */
  async tracked(file: string): Promise<boolean> {
    const symbols = await this.ask<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(file) } });
    return Array.isArray(symbols) && symbols.length > 0;
  }

  async hover(file: string, offset: number): Promise<string | undefined> {
    const hover = await this.ask<Hover>('textDocument/hover', this.at(file, offset));
    const contents = hover?.contents;
    return typeof contents === 'string' ? contents : contents && 'value' in contents ? contents.value : undefined;
  }
}

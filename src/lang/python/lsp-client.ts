import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * A minimal JSON-RPC 2.0 client over a language server's stdio, with the LSP base protocol's framing
 * (https://microsoft.github.io/language-server-protocol/specifications/base/0.9/specification/): a
 * `Content-Length` header, a blank line, then that many bytes of UTF-8 JSON. vscode-jsonrpc is not a
 * dependency; this is the part of it one client needs.
 */
export type ServerRequestHandler = (method: string, params: unknown) => unknown;

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class LspError extends Error {
  override readonly name = 'LspError';
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class LspClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffer: Buffer = Buffer.alloc(0);
  /** Set once the server is gone: every later request fails at once with this reason instead of hanging. */
  private closedReason: string | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly onServerRequest: ServerRequestHandler,
    private readonly timeoutMs: number,
    private readonly onNotification: (method: string, params: unknown) => void = () => undefined,
  ) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.on('exit', (code, signal) => this.close(`the language server exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => this.close(`the language server failed: ${error.message}`));
    // A server that stops reading its stdin (it died) must not crash the run with EPIPE.
    child.stdin.on('error', (error) => this.close(`cannot write to the language server: ${error.message}`));
  }

  get closed(): string | undefined {
    return this.closedReason;
  }

  request<T>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closedReason) return Promise.reject(new LspError(this.closedReason));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // Tell the server to drop the work, so a slow request does not delay the ones after it.
        this.notify('$/cancelRequest', { id });
        reject(new LspError(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.closedReason) this.send({ jsonrpc: '2.0', method, params });
  }

  /** Rejects everything in flight; called when the process ends or the owner disposes of it. */
  close(reason: string): void {
    this.closedReason ??= reason;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new LspError(this.closedReason));
      this.pending.delete(id);
    }
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = /content-length:\s*(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1];
      if (length === undefined) {
        this.child.kill();
        this.close('the language server sent a message without Content-Length');
        return;
      }
      const start = headerEnd + HEADER_END.length;
      const end = start + Number(length);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(start, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch {
        // A server that speaks garbage cannot be trusted with the rest of the run: end it like a crash.
        this.child.kill();
        this.close('the language server sent a message that is not JSON');
        return;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (workspace/configuration, capability registration): it waits for an answer.
      let result: unknown = null;
      try {
        result = this.onServerRequest(message.method, message.params) ?? null;
      } catch {
        result = null;
      }
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    if (message.method !== undefined) return this.onNotification(message.method, message.params);
    if (typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(new LspError(message.error.message));
    else pending.resolve(message.result);
  }
}

interface Message {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

import pg from 'pg';

/**
 * An application instance for the online tests and the bench: one connection that reads and writes a single column
 * name, sequentially, and logs every acknowledged write. Its session waits at most 200 ms for any lock (issue 13's
 * bound): a longer wait fails the statement, and every failure is kept, so "0 failures" also proves the bound.
 */
export interface WorkloadLog {
  readonly name: string;
  readonly column: string;
  /** Last acknowledged value per row id this app owns. */
  readonly acked: Map<string, string>;
  /** Every value ever sent per row (acknowledged or not), for reads of another app's rows. */
  readonly history: Map<string, Set<string>>;
  readonly failures: string[];
  statements: number;
  /** Reads through the view, a subset of `statements`. */
  viewReads: number;
  maxLatencyMs: number;
}

export class App {
  readonly log: WorkloadLog;
  /** The other app, whose rows this one reads through its own name. */
  peer?: WorkloadLog;
  private client!: pg.Client;
  private running?: Promise<void>;
  private stopping = false;
  private serial = 0;

  /** A view whose `session_id` output column reads the renamed column: its name stays, whichever column is under it. */
  view?: string;

  constructor(private readonly url: string, name: string, column: string, private readonly owned: string[], private readonly limit = 100_000) {
    this.log = { name, column, acked: new Map(), history: new Map(), failures: [], statements: 0, viewReads: 0, maxLatencyMs: 0 };
  }

  /** Starts (or restarts, as a redeployed instance) with the same log and rows. */
  async start(): Promise<void> {
    this.stopping = false;
    this.client = new pg.Client({ connectionString: this.url });
    await this.client.connect();
    await this.client.query(`SET lock_timeout = '200ms'`);
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.client.end();
  }

  private async timed<R extends pg.QueryResultRow>(text: string, params: unknown[]): Promise<pg.QueryResult<R> | undefined> {
    const started = performance.now();
    try {
      return await this.client.query<R>(text, params);
    } catch (error) {
      this.log.failures.push(`${this.log.name}: ${(error as Error).message} (${text.split(' ').slice(0, 3).join(' ')})`);
      return undefined;
    } finally {
      this.log.statements++;
      this.log.maxLatencyMs = Math.max(this.log.maxLatencyMs, performance.now() - started);
    }
  }

  private value(): string {
    return `${this.log.name}_${++this.serial}`;
  }

  private remember(id: string, value: string) {
    const seen = this.log.history.get(id) ?? new Set<string>();
    seen.add(value);
    this.log.history.set(id, seen);
  }

  private async loop(): Promise<void> {
    const col = this.log.column;
    for (let i = 0; !this.stopping && i < this.limit; i++) {
      const op = i % 5;
      if (op === 0) {
        // Every other insert leaves the column out: the old column's default must reach both names.
        const explicit = i % 10 === 0;
        const value = this.value();
        const r = await this.timed<{ id: string; v: string }>(
          explicit ? `INSERT INTO traces (${col}, payload) VALUES ($1, 'app') RETURNING id::text, ${col} AS v` : `INSERT INTO traces (payload) VALUES ($1) RETURNING id::text, ${col} AS v`,
          [explicit ? value : 'app'],
        );
        if (r) {
          this.owned.push(r.rows[0].id);
          this.remember(r.rows[0].id, r.rows[0].v);
          this.log.acked.set(r.rows[0].id, r.rows[0].v);
        }
      } else if (op === 1 || op === 2) {
        const id = this.owned[Math.floor(Math.random() * this.owned.length)];
        const value = this.value();
        this.remember(id, value);
        const r = await this.timed(`UPDATE traces SET ${col} = $1 WHERE id = $2`, [value, id]);
        if (r?.rowCount === 1) this.log.acked.set(id, value);
        else if (r) this.log.failures.push(`${this.log.name}: UPDATE of row ${id} matched ${r.rowCount} rows`);
      } else if (op === 3) {
        const known = [...this.log.acked.keys()];
        if (known.length === 0) continue;
        const id = known[Math.floor(Math.random() * known.length)];
        // Every other read goes through the view, when there is one: it must see the same value, in every phase.
        const viaView = this.view !== undefined && i % 10 === 8;
        if (viaView) this.log.viewReads++;
        const r = await this.timed<{ v: string }>(viaView ? `SELECT session_id AS v FROM ${this.view} WHERE id = $1` : `SELECT ${col} AS v FROM traces WHERE id = $1`, [id]);
        if (r && r.rows[0]?.v !== this.log.acked.get(id)) this.log.failures.push(`${this.log.name}: read ${JSON.stringify(r.rows[0]?.v)} from row ${id}${viaView ? ` through ${this.view}` : ''}, wrote ${JSON.stringify(this.log.acked.get(id))}`);
      } else if (this.peer && this.peer.acked.size > 0) {
        // A row the other app writes through the other name: the value must be one it wrote.
        const ids = [...this.peer.acked.keys()];
        const id = ids[Math.floor(Math.random() * ids.length)];
        const r = await this.timed<{ v: string }>(`SELECT ${col} AS v FROM traces WHERE id = $1`, [id]);
        const v = r?.rows[0]?.v;
        if (r && (v === undefined || !this.peer.history.get(id)?.has(v))) this.log.failures.push(`${this.log.name}: read ${JSON.stringify(v)} from ${this.peer.name}'s row ${id}, which it never wrote`);
      }
    }
  }
}

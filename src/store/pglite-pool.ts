// Embedded PostgreSQL (PGlite) presented as the subset of `pg.Pool` that Kysely and our own code use.
// PGlite is a single connection, so the "pool" hands out one client at a time: a transaction holds the
// connection exclusively until release, exactly as a pooled pg client would.
import type { PGlite } from '@electric-sql/pglite';
import type { QueryResult } from 'pg';

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export interface PoolLikeClient {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  release(err?: unknown): void;
}

export interface PoolLike {
  connect(): Promise<PoolLikeClient>;
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  end(): Promise<void>;
}

function commandOf(sql: string): string {
  const m = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(sql);
  return (m?.[1] ?? '').toUpperCase();
}

export class PglitePool implements PoolLike {
  private busy = false;
  private queue: Waiter[] = [];
  private ended = false;

  constructor(
    readonly pg: PGlite,
    private readonly acquireTimeoutMs = 30_000,
  ) {}

  private acquire(): Promise<void> {
    if (this.ended) return Promise.reject(new Error('database is closed'));
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        // A long wait means someone queried the pool while holding the connection in a transaction:
        // fail loudly rather than hang forever.
        timer: setTimeout(() => {
          this.queue = this.queue.filter((w) => w !== waiter);
          reject(new Error(`embedded database busy for more than ${this.acquireTimeoutMs} ms`));
        }, this.acquireTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  private releaseConnection(): void {
    const next = this.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    } else {
      this.busy = false;
    }
  }

  private async run<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    if (values === undefined) {
      // pg's simple-query protocol accepts several statements; PGlite's exec is the equivalent.
      const results = await this.pg.exec(text);
      const last = results[results.length - 1];
      return {
        command: commandOf(text),
        rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
        rows: (last?.rows ?? []) as R[],
        oid: 0,
        fields: [],
      };
    }
    const r = await this.pg.query<R>(text, values);
    const command = commandOf(text);
    return {
      command,
      rowCount: command === 'SELECT' ? r.rows.length : (r.affectedRows ?? r.rows.length),
      rows: r.rows,
      oid: 0,
      fields: [],
    };
  }

  async connect(): Promise<PoolLikeClient> {
    await this.acquire();
    let released = false;
    return {
      query: <R extends Record<string, unknown>>(text: string, values?: unknown[]) => this.run<R>(text, values),
      release: () => {
        if (released) return;
        released = true;
        this.releaseConnection();
      },
    };
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    const client = await this.connect();
    try {
      return await client.query<R>(text, values);
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.queue) {
      clearTimeout(w.timer);
      w.reject(new Error('database is closed'));
    }
    this.queue = [];
    await this.pg.close();
  }
}

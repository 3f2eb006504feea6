// The two drivers presented to Kysely as its PostgresPool: pg's pool (PostgreSQL) and PglitePool (embedded). Kysely
// hands each query as text and parameters; a busy-path statement marked for preparing (preparedAs) is sent to pg as a
// named statement instead, parsed and planned once per connection.
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import type { PoolLike } from './pglite-pool.js';

/** One connection of either driver, reduced to a statement with parameters (and an optional statement name). */
interface Connection {
  // Rows are whatever the query selects: Kysely types them from the query it built.
  run(text: string, values: unknown[], name: string | undefined): Promise<{ command: string; rowCount: number | null; rows: any[] }>;
  release(): void;
}

const names = new Map<string, string>();

/**
 * Marks `text` to run as the named prepared statement `name` on PostgreSQL from now on. Only the busy paths mark
 * statements, and only when prepared statements are allowed (direct connections, not a transaction-mode pooler); the
 * same text run unmarked elsewhere would give the same rows.
 */
export function preparedAs(text: string, name: string): void {
  if (names.get(text) !== name) names.set(text, name);
}

// Kysely reads `command` only to count affected rows for writes; every other command is the same to it as a SELECT.
function kyselyCommand(command: string): PostgresQueryResult<unknown>['command'] {
  return command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? command : 'SELECT';
}

class Client implements PostgresPoolClient {
  constructor(private readonly c: Connection) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(q: string | PostgresCursor<R>, parameters: ReadonlyArray<unknown> = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely passes a cursor only for .stream() with a cursor class configured; neither dialect configures one.
    if (typeof q !== 'string') throw new Error('streaming queries (cursors) are not supported');
    return this.c.run(q, [...parameters], names.get(q)).then((r) => ({ command: kyselyCommand(r.command), rowCount: r.rowCount ?? 0, rows: r.rows }));
  }

  release(): void {
    this.c.release();
  }
}

export function kyselyPgPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      const c = await pool.connect();
      return new Client({ run: (text, values, name) => c.query(name === undefined ? { text, values } : { name, text, values }), release: () => c.release() });
    },
    end: () => pool.end(),
  };
}

export function kyselyPglitePool(pool: PoolLike): PostgresPool {
  return {
    connect: async () => {
      const c = await pool.connect();
      // PGlite has no named statements; its single connection parses each text anew.
      return new Client({ run: (text, values) => c.query(text, values), release: () => c.release() });
    },
    end: () => pool.end(),
  };
}

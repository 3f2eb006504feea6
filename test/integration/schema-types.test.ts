// store/schema.ts is written by hand next to migrations/*.sql; Kysely trusts it. This compares the two on the live
// engine: every table and column on both sides, nullability, defaults behind Generated<…>, and the kind of type.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine, type TestDb } from '../support/db.js';

const SCHEMA_TS = readFileSync(new URL('../../src/store/schema.ts', import.meta.url), 'utf8');

interface Declared {
  table: string;
  column: string;
  type: string;
}

/** The tables of `interface Database` and the columns of each table's interface, as text. */
function declared(): Declared[] {
  const db = /export interface Database \{([\s\S]*?)\n\}/.exec(SCHEMA_TS)![1]!;
  const out: Declared[] = [];
  for (const m of db.matchAll(/^\s+([a-z_0-9]+):\s*([A-Za-z]+);/gm)) {
    const [, table, iface] = m;
    const body = new RegExp(`export interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(SCHEMA_TS)?.[1];
    if (!body) throw new Error(`schema.ts: no interface ${iface} for ${table}`);
    const clean = body.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const c of clean.matchAll(/^\s{2}([a-z_0-9]+)\??:\s*([\s\S]*?);\s*$/gm)) out.push({ table: table!, column: c[1]!, type: c[2]!.replace(/\s+/g, ' ') });
  }
  return out;
}

/** What PostgreSQL type a declared TypeScript type stands for. */
function kindOf(ts: string): string {
  const t = ts.replace(/^Generated<([\s\S]*)>$/, '$1').replace(/ \| null$/, '');
  if (/^(Timestamp|Date)$/.test(t)) return 'timestamp with time zone';
  if (t === 'PlainDate') return 'date';
  if (t.startsWith('Json')) return 'jsonb';
  if (t === 'TextArray' || t === 'IdArray') return 'ARRAY';
  if (t === 'boolean') return 'boolean';
  if (t === 'number') return 'number';
  return 'text';
}

const NUMBERS = ['integer', 'bigint', 'smallint', 'numeric', 'double precision', 'real'];

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

describe(`store/schema.ts matches the migrated database on ${engine}`, () => {
  it('has the same tables and columns, nullability, defaults and kinds of type', async () => {
    const live = (
      await t.handle.pool.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string; column_default: string | null; is_identity: string }>(
        `SELECT c.table_name, c.column_name, c.is_nullable, c.data_type, c.column_default, c.is_identity
           FROM information_schema.columns c
           JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
          WHERE c.table_schema = 'public'`,
        [],
      )
    ).rows;
    const decl = declared();
    expect(decl.length).toBeGreaterThan(200);
    const key = (a: { table: string; column: string }) => `${a.table}.${a.column}`;
    const liveByKey = new Map(live.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const declByKey = new Map(decl.map((d) => [key(d), d]));

    expect([...liveByKey.keys()].filter((k) => !declByKey.has(k)).sort(), 'columns in the database that schema.ts lacks').toEqual([]);
    expect([...declByKey.keys()].filter((k) => !liveByKey.has(k)).sort(), 'columns in schema.ts that the database lacks').toEqual([]);

    const problems: string[] = [];
    for (const d of decl) {
      const c = liveByKey.get(key(d));
      if (!c) continue;
      const nullable = / \| null$/.test(d.type) || / \| null>$/.test(d.type);
      if (nullable !== (c.is_nullable === 'YES')) problems.push(`${key(d)}: schema.ts says ${nullable ? 'nullable' : 'not null'}, the database ${c.is_nullable === 'YES' ? 'nullable' : 'not null'}`);
      if (d.type.startsWith('Generated<') && c.column_default === null && c.is_identity !== 'YES') problems.push(`${key(d)}: Generated<…> but the database has no default`);
      const want = kindOf(d.type);
      const ok = want === 'number' ? NUMBERS.includes(c.data_type) : want === 'text' ? ['text', 'character varying', 'USER-DEFINED'].includes(c.data_type) : c.data_type === want;
      if (!ok) problems.push(`${key(d)}: schema.ts ${d.type}, the database ${c.data_type}`);
    }
    expect(problems).toEqual([]);
  });
});

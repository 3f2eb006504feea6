// The layers (docs/architecture.md): http, jobs, cli → app → store → domain. A test rather than a convention, so
// that a shortcut across layers fails here and not in review. Imports are read from the source text: every relative
// import and every package import of every file under src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const LAYERS = ['domain', 'store', 'app', 'http', 'jobs', 'cli', 'seed'] as const;
type Layer = (typeof LAYERS)[number] | 'root';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

const layerOf = (file: string): Layer => {
  const top = relative(SRC, file).split(/[\\/]/)[0]!;
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : 'root';
};

interface Import {
  from: string;
  spec: string;
  /** The file imported, for relative imports. */
  target: string | null;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3]!;
    out.push({ from: file, spec, target: spec.startsWith('.') ? resolve(dirname(file), spec) : null, typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1]!;
    out.push({ from: file, spec, target: spec.startsWith('.') ? resolve(dirname(file), spec) : null, typeOnly: false });
  }
  return out;
}

const all = files(SRC).flatMap(importsOf);
const crossing = (from: Layer, forbidden: readonly Layer[]) =>
  all
    .filter((i) => layerOf(i.from) === from && i.target !== null && forbidden.includes(layerOf(i.target)))
    .map((i) => `${relative(SRC, i.from)} imports ${i.spec}`);

describe('layers', () => {
  it('finds the source files and their imports (so that the checks below can fail)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((i) => layerOf(i.from) === 'app' && i.target !== null && layerOf(i.target) === 'store')).toBe(true);
  });

  it('domain imports nothing from the outer layers', () => {
    expect(crossing('domain', ['store', 'app', 'http', 'jobs', 'cli', 'seed', 'root'])).toEqual([]);
  });

  it('domain does no I/O: no Node built-ins (hashing aside), database drivers or HTTP', () => {
    const io = all.filter((i) => layerOf(i.from) === 'domain' && i.target === null && i.spec !== 'node:crypto' && /^(node:|fs$|path$|pg$|kysely|@electric-sql|fastify|@fastify|nodemailer|pdfkit|exceljs)/.test(i.spec));
    expect(io.map((i) => `${relative(SRC, i.from)} imports ${i.spec}`)).toEqual([]);
  });

  it('domain reads no clock: time is passed in', () => {
    const reads = files(join(SRC, 'domain')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, n) => ({ line, n }))
        .filter(({ line }) => /\bDate\.now\(|new Date\(\s*\)|performance\.now\(/.test(line.replace(/\/\/.*$/, '')))
        .map(({ n }) => `${relative(SRC, f)}:${n + 1}`),
    );
    expect(reads).toEqual([]);
  });

  it('store imports nothing from app, http, jobs or cli', () => {
    expect(crossing('store', ['app', 'http', 'jobs', 'cli', 'seed'])).toEqual([]);
  });

  it('app imports nothing from http, jobs, cli or the demo seed', () => {
    expect(crossing('app', ['http', 'jobs', 'cli', 'seed'])).toEqual([]);
  });
});

describe('queries', () => {
  it('are built only in src/store (and migrations): app, http, jobs and cli call store functions', () => {
    const found = ['app', 'http', 'jobs', 'cli'].flatMap((layer) =>
      files(join(SRC, layer)).flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, n) => ({ line: line.replace(/\/\/.*$/, ''), n }))
          .filter(({ line }) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`|\bsql<|\bsql\.(raw|ref|val|join|lit|id)\(/.test(line))
          .map(({ n, line }) => `${relative(SRC, f)}:${n + 1}: ${line.trim()}`),
      ),
    );
    expect(found).toEqual([]);
  });
});

describe('Vietnamese local time in http', () => {
  it('is built only in src/http/vn-time.ts: no hand-made +07:00 offset elsewhere (documentation strings aside)', () => {
    const found = files(join(SRC, 'http'))
      .filter((f) => !f.endsWith(join('http', 'vn-time.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          // A written-out instant ('2026-12-04T16:00:00+07:00', in OpenAPI examples) is data, not arithmetic.
          .map((line, n) => ({ line: line.replace(/\/\/.*$/, '').replace(/'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+07:00'/g, "'…'"), n }))
          // OpenAPI descriptions show the offset to API users.
          .filter(({ line }) => !/\.describe\(|e\.g\.|ví dụ/.test(line))
          .filter(({ line }) => /\+07:00|7 \* 3600|7 \* 60 \* 60|25_?200/.test(line))
          .map(({ n, line }) => `${relative(SRC, f)}:${n + 1}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });
});

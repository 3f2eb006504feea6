// Catalogue search latency: 2,000 published procedures (the demo catalogue, the 165 national ones when
// ../shared/data is present, and generated variants), then a fixed mix of queries through the search use case —
// with and without diacritics, with typos, by code and code prefix, with filters and paging — timed one by one.
// Run alone with `node dist/bench/catalogue.js` after a build; bench/run.ts calls benchCatalogueSearch.
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { systemActor } from '../src/app/actor.js';
import { searchProcedures, type SearchQuery } from '../src/app/catalogue.js';
import { importCatalogue } from '../src/app/catalogue-import.js';
import { loadConfig } from '../src/app/config.js';
import { createContext } from '../src/app/context.js';
import { isEmpty, seedDemo } from '../src/seed/seed.js';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, exportJson, parseCatalogueFile, parseJsonCatalogue, type ExportRecord } from '../src/domain/catalogue/index.js';
import { openPglite, openPostgres, type DbHandle } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

export interface CatalogueSearchFigures {
  engine: string;
  procedures: number;
  queries: number;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Time to load the procedures (one import transaction). */
  loadMs: number;
}

/** The mixed query list: what citizens and desk officials type. */
export const BENCH_QUERIES: SearchQuery[] = [
  { q: 'dang ky khai sinh' },
  { q: 'đăng ký khai sinh' },
  { q: 'Khai Sinh' },
  { q: 'dang ky khai snh' },
  { q: '1.001193' },
  { q: '1.0048' },
  { q: 'ket hon' },
  { q: 'giay phep xay dung' },
  { q: 'cấp giấy phép xây dựng nhà ở' },
  { q: 'chung thuc ban sao' },
  { q: 'ho kinh doanh' },
  { q: 'dang ky thanh lap doanh nghiep' },
  { q: 'tach thua dat' },
  { q: 'xac nhan tinh trang hon nhan' },
  { q: 'cap lai giay chung nhan quyen su dung dat' },
  { q: 'thay doi cai chinh ho tich' },
  { q: 'ly lich tu phap' },
  { q: 'khai tu', field: 'Hộ tịch' },
  { q: 'chứng thực', level: 'commune' },
  { q: 'dang ky', unitCode: '000.00.43.H99' },
  { q: 'giấy phép', online: 'full' },
  { field: 'Đất đai' },
  { level: 'province', page: 3 },
  { q: 'dang ky', page: 5, pageSize: 20 },
];

const VERBS = ['Cấp', 'Cấp lại', 'Cấp đổi', 'Gia hạn', 'Điều chỉnh', 'Thu hồi', 'Đăng ký', 'Đăng ký thay đổi', 'Xác nhận', 'Công nhận', 'Thẩm định', 'Phê duyệt', 'Chấp thuận', 'Thông báo', 'Hỗ trợ', 'Giải quyết'];
const OBJECTS = [
  'giấy phép kinh doanh karaoke',
  'giấy chứng nhận đủ điều kiện an toàn thực phẩm',
  'giấy phép khai thác khoáng sản',
  'chứng chỉ hành nghề dược',
  'giấy phép lao động cho người nước ngoài',
  'giấy phép hoạt động khám bệnh, chữa bệnh',
  'giấy chứng nhận đăng ký hợp tác xã',
  'giấy phép xả nước thải vào nguồn nước',
  'hồ sơ trợ cấp xã hội hằng tháng',
  'giấy phép tổ chức lễ hội',
  'giấy phép quảng cáo ngoài trời',
  'giấy chứng nhận cơ sở đủ điều kiện chăn nuôi',
  'giấy phép vận tải bằng xe ô tô',
  'phương án phòng cháy, chữa cháy',
  'giấy phép hoạt động điện lực',
  'giấy chứng nhận trang trại',
  'thủ tục hưởng chế độ người có công',
  'giấy phép thành lập cơ sở giáo dục mầm non',
  'giấy phép bán lẻ sản phẩm rượu',
  'giấy phép xây dựng công trình tôn giáo',
  'giấy chứng nhận quyền sở hữu nhà ở',
  'hồ sơ cai nghiện ma túy tự nguyện',
];
const QUALIFIERS = ['', ' (cấp tỉnh)', ' (cấp xã)', ' đối với tổ chức', ' đối với cá nhân', ' trong trường hợp bị mất', ' do hết hạn', ' cho doanh nghiệp có vốn đầu tư nước ngoài'];
const FIELDS = ['Văn hóa', 'An toàn thực phẩm', 'Khoáng sản', 'Dược phẩm', 'Việc làm', 'Khám bệnh, chữa bệnh', 'Kinh tế hợp tác', 'Tài nguyên nước', 'Bảo trợ xã hội', 'Lễ hội', 'Quảng cáo', 'Chăn nuôi', 'Đường bộ', 'Phòng cháy, chữa cháy', 'Điện lực', 'Nông nghiệp', 'Người có công', 'Giáo dục', 'Lưu thông hàng hóa', 'Tôn giáo', 'Nhà ở', 'Phòng, chống tệ nạn xã hội'];
const COMMUNES = ['000.00.41.H99', '000.00.42.H99', '000.00.43.H99', '000.00.44.H99', '000.00.45.H99', '000.00.46.H99'];
const DEPARTMENTS = ['000.00.05.H99', '000.00.06.H99', '000.00.08.H99', '000.00.09.H99', '000.00.10.H99', '000.00.14.H99'];
const PUBLICATION = { number: '900/QĐ-UBND', date: '2026-06-01', effectiveDate: '2026-06-01' };

function generated(i: number): ExportRecord {
  const verb = VERBS[i % VERBS.length]!;
  const object = OBJECTS[Math.floor(i / VERBS.length) % OBJECTS.length]!;
  const qualifier = QUALIFIERS[Math.floor(i / (VERBS.length * OBJECTS.length)) % QUALIFIERS.length]!;
  const commune = i % 3 === 0;
  const limit = { amount: 3 + (i % 20), unit: i % 4 === 0 ? ('days' as const) : ('working_days' as const) };
  const code = `2.${String(900_000 + i).padStart(6, '0')}`;
  return {
    code,
    status: 'published',
    statusDecision: null,
    replacedBy: null,
    process: null,
    procedure: {
      code,
      name: `${verb} ${object}${qualifier}`,
      field: FIELDS[Math.floor(i / VERBS.length) % FIELDS.length]!,
      level: commune ? 'commune' : i % 7 === 0 ? 'both' : 'province',
      competentUnits: commune ? COMMUNES : [DEPARTMENTS[i % DEPARTMENTS.length]!],
      receivingUnit: commune ? null : '000.00.31.H99',
      agencyText: null,
      applicants: ['Công dân Việt Nam'],
      steps: ['Nộp hồ sơ', 'Nhận kết quả'],
      channels: {
        counter: { timeLimit: limit, reducedTimeLimit: null, timeNote: null, fees: [{ name: 'Lệ phí', amountVnd: 1000 * (i % 200), collectedAt: 'on_submission', note: null }] },
        online: i % 5 === 0 ? null : { timeLimit: limit, reducedTimeLimit: null, timeNote: null, fees: [] },
        postal: null,
      },
      documents: [{ name: 'Đơn đề nghị theo mẫu', originals: 1, copies: 0, templateFile: null, reusable: false, group: null }],
      results: [{ name: 'Kết quả giải quyết', code: null }],
      onlineLevel: i % 5 === 0 ? null : i % 2 === 0 ? 'full' : 'partial',
      onlinePartialReason: i % 5 !== 0 && i % 2 === 1 ? 'Phải kiểm tra thực tế' : null,
      onlinePartialLegalBasis: i % 5 !== 0 && i % 2 === 1 ? 'Nghị định số 224/2026/NĐ-CP' : null,
      legalBasis: [],
      nationalDecision: null,
      publication: PUBLICATION,
      source: null,
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (x: number) => Math.round(x * 100) / 100;

/** Loads about `target` published procedures into the handle's database (migrating and seeding if needed) and times the query mix. */
export async function benchCatalogueSearch(handle: DbHandle, opts: { target?: number; rounds?: number } = {}): Promise<CatalogueSearchFigures> {
  const target = opts.target ?? 2000;
  const rounds = opts.rounds ?? 20;
  process.env.MOTCUA_SCRYPT_LOG_N ??= '10';
  await migrate(handle.pool);
  const ctx = createContext(handle, loadConfig({}));
  const sys = systemActor('bench');
  if (await isEmpty(ctx)) await seedDemo(ctx);

  const t0 = performance.now();
  const national = fileURLToPath(new URL('../../../shared/data/tthc-catalog.json', import.meta.url));
  const nationalAlt = fileURLToPath(new URL('../../shared/data/tthc-catalog.json', import.meta.url));
  const path = [national, nationalAlt].find((p) => existsSync(p));
  if (path) await importCatalogue(ctx, sys, parseCatalogueFile(new Uint8Array(readFileSync(path)), 'tthc-catalog.json'), { skipRejected: true, publishWith: PUBLICATION });
  const inForce = async () =>
    Number((await ctx.db.selectFrom('procedures').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['published', 'amended']).executeTakeFirstOrThrow()).n);
  const have = await inForce();
  const missing = Math.max(0, target - have);
  if (missing > 0) {
    const file = { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, procedures: Array.from({ length: missing }, (_, i) => generated(i)) } as const;
    const r = await importCatalogue(ctx, sys, parseJsonCatalogue(exportJson(file)));
    if (!r.applied) throw new Error(`bench catalogue did not load: ${JSON.stringify(r.records.find((x) => x.outcome === 'rejected'))}`);
  }
  const loadMs = performance.now() - t0;
  const procedures = await inForce();
  await handle.pool.query('ANALYZE procedures', []);

  for (const q of BENCH_QUERIES) await searchProcedures(ctx, null, q); // warm-up: plans, caches, JIT
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const q of BENCH_QUERIES) {
      const s = performance.now();
      await searchProcedures(ctx, null, q);
      samples.push(performance.now() - s);
    }
  samples.sort((a, b) => a - b);
  return {
    engine: handle.engine,
    procedures,
    queries: BENCH_QUERIES.length,
    samples: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples[samples.length - 1]!),
    loadMs: Math.round(loadMs),
  };
}

async function main(): Promise<void> {
  console.log(JSON.stringify(await benchCatalogueSearch(await openPglite())));
  const admin = process.env.MOTCUA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const h = await openPostgres(u.toString());
    try {
      console.log(JSON.stringify(await benchCatalogueSearch(h)));
    } finally {
      await h.close();
    }
  } finally {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

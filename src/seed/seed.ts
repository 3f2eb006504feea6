// Demo data: a fictional but realistic province (code H99 is not assigned to any real province) organised
// the two-level way in force since 1 July 2025, with staff in every unit and one account per role.
import { countUnits } from '../store/units.js';
import { systemActor } from '../app/actor.js';
import type { AppContext } from '../app/context.js';
import { createStaffUser, registerApplicant } from '../app/users.js';
import { createUnit } from '../app/units.js';
import { seedDemoCatalogue } from './demo-catalogue.js';
import { seedDemoDossiers } from './demo-dossiers.js';
import { DEMO_FULL_VOLUME, seedDemoVolume } from './demo-volume.js';
import type { Role, UnitKind } from '../domain/org.js';

export const DEMO_PASSWORD = 'MotCua@2026';

interface DemoUnit {
  key: string;
  parent: string | null;
  kind: UnitKind;
  code: string;
  name: string;
  shortName: string;
  address: string;
  phone: string;
}

export const DEMO_UNITS: DemoUnit[] = [
  { key: 'tinh', parent: null, kind: 'province', code: '000.00.00.H99', name: 'Ủy ban nhân dân tỉnh Hòa Giang', shortName: 'UBND tỉnh', address: '1 Quảng trường Trung tâm, phường Đông Thành, tỉnh Hòa Giang', phone: '0209 3850 001' },
  { key: 'vpubnd', parent: 'tinh', kind: 'provincial_office', code: '000.00.01.H99', name: 'Văn phòng Ủy ban nhân dân tỉnh', shortName: 'VP UBND tỉnh', address: '1 Quảng trường Trung tâm, phường Đông Thành', phone: '0209 3850 002' },
  { key: 'ttphvhc', parent: 'tinh', kind: 'service_centre', code: '000.00.31.H99', name: 'Trung tâm Phục vụ hành chính công tỉnh', shortName: 'TTPVHCC tỉnh', address: '25 Đại lộ Hùng Vương, phường Đông Thành', phone: '0209 3850 100' },
  { key: 'stp', parent: 'tinh', kind: 'department', code: '000.00.05.H99', name: 'Sở Tư pháp', shortName: 'STP', address: '12 đường Lê Lợi, phường Đông Thành', phone: '0209 3850 205' },
  { key: 'sxd', parent: 'tinh', kind: 'department', code: '000.00.10.H99', name: 'Sở Xây dựng', shortName: 'SXD', address: '40 đường Trần Phú, phường Tây Sơn', phone: '0209 3850 210' },
  { key: 'snnmt', parent: 'tinh', kind: 'department', code: '000.00.09.H99', name: 'Sở Nông nghiệp và Môi trường', shortName: 'SNNMT', address: '8 đường Nguyễn Trãi, phường Tây Sơn', phone: '0209 3850 209' },
  { key: 'stc', parent: 'tinh', kind: 'department', code: '000.00.06.H99', name: 'Sở Tài chính', shortName: 'STC', address: '3 đường Quang Trung, phường Đông Thành', phone: '0209 3850 206' },
  { key: 'sct', parent: 'tinh', kind: 'department', code: '000.00.08.H99', name: 'Sở Công Thương', shortName: 'SCT', address: '15 đường Lý Thường Kiệt, phường Đông Thành', phone: '0209 3850 208' },
  { key: 'syt', parent: 'tinh', kind: 'department', code: '000.00.14.H99', name: 'Sở Y tế', shortName: 'SYT', address: '22 đường Hai Bà Trưng, phường Tây Sơn', phone: '0209 3850 214' },
  { key: 'dongthanh', parent: 'tinh', kind: 'ward', code: '000.00.41.H99', name: 'Ủy ban nhân dân phường Đông Thành', shortName: 'Phường Đông Thành', address: '5 đường Lê Lai, phường Đông Thành', phone: '0209 3860 041' },
  { key: 'tayson', parent: 'tinh', kind: 'ward', code: '000.00.42.H99', name: 'Ủy ban nhân dân phường Tây Sơn', shortName: 'Phường Tây Sơn', address: '18 đường Bà Triệu, phường Tây Sơn', phone: '0209 3860 042' },
  { key: 'anphu', parent: 'tinh', kind: 'commune', code: '000.00.43.H99', name: 'Ủy ban nhân dân xã An Phú', shortName: 'Xã An Phú', address: 'Thôn Trung, xã An Phú', phone: '0209 3870 043' },
  { key: 'tanlap', parent: 'tinh', kind: 'commune', code: '000.00.44.H99', name: 'Ủy ban nhân dân xã Tân Lập', shortName: 'Xã Tân Lập', address: 'Thôn Đồng Tâm, xã Tân Lập', phone: '0209 3870 044' },
  { key: 'hoabinh', parent: 'tinh', kind: 'commune', code: '000.00.45.H99', name: 'Ủy ban nhân dân xã Hòa Bình', shortName: 'Xã Hòa Bình', address: 'Thôn Bình Minh, xã Hòa Bình', phone: '0209 3870 045' },
  { key: 'vinhhung', parent: 'tinh', kind: 'commune', code: '000.00.46.H99', name: 'Ủy ban nhân dân xã Vĩnh Hưng', shortName: 'Xã Vĩnh Hưng', address: 'Thôn Vĩnh Thịnh, xã Vĩnh Hưng', phone: '0209 3870 046' },
];

/** The accounts the README lists: one per role. */
export const DEMO_ACCOUNTS: { username: string; role: Role | 'citizen' | 'business'; unit: string | null; fullName: string; title: string | null }[] = [
  { username: 'quantri', role: 'admin', unit: 'tinh', fullName: 'Trần Quốc Khánh', title: 'Quản trị hệ thống' },
  { username: 'theodoi', role: 'monitor', unit: 'tinh', fullName: 'Phạm Thu Hà', title: 'Chuyên viên Văn phòng UBND tỉnh (theo dõi, đánh giá)' },
  { username: 'tiepnhan', role: 'desk', unit: 'ttphvhc', fullName: 'Nguyễn Thị Lan', title: 'Cán bộ tiếp nhận và trả kết quả' },
  { username: 'chuyenvien', role: 'specialist', unit: 'stp', fullName: 'Lê Minh Tuấn', title: 'Chuyên viên Phòng Hành chính tư pháp' },
  { username: 'lanhdao', role: 'leader', unit: 'stp', fullName: 'Hoàng Văn Nam', title: 'Phó Giám đốc Sở Tư pháp' },
  { username: 'congdan', role: 'citizen', unit: null, fullName: 'Đỗ Thị Mai', title: null },
  { username: 'doanhnghiep', role: 'business', unit: null, fullName: 'Vũ Đức Thắng', title: null },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Quang', 'Thanh', 'Hữu', 'Bích'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khoa', 'Linh', 'Long', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Vy'];

function demoName(i: number): string {
  return `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 11) % GIVEN.length]}`;
}

const ROLE_PREFIX: Record<'desk' | 'specialist' | 'leader', string> = { desk: 'tiepnhan', specialist: 'chuyenvien', leader: 'lanhdao' };
const ROLE_TITLE: Record<'desk' | 'specialist' | 'leader', string> = { desk: 'Cán bộ tiếp nhận và trả kết quả', specialist: 'Chuyên viên', leader: 'Lãnh đạo đơn vị' };

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  return (await countUnits(ctx.db)) === 0;
}

/**
 * How many dossiers the demo has beyond its nine hand-written ones: 'small' none (what tests use), 'full' a few
 * hundred over the last months (the command line and the first start), or a number.
 */
export type DemoVolume = 'small' | 'full' | number;

export interface SeedDemoOptions {
  volume?: DemoVolume;
  /** Seed of the generated dossiers: the same seed and clock give the same dossiers. */
  seed?: number;
}

const MAX_DEMO_DOSSIERS = 5000;

/** The volume the command line loads: MOTCUA_DEMO_DOSSIERS (a number of generated dossiers, 0 for none), else 'full'. */
export function demoVolumeFromEnv(env: NodeJS.ProcessEnv = process.env): DemoVolume {
  const raw = env.MOTCUA_DEMO_DOSSIERS?.trim();
  if (raw === undefined || raw === '') return 'full';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > MAX_DEMO_DOSSIERS)
    throw new Error(`Invalid configuration:\n  MOTCUA_DEMO_DOSSIERS: must be a whole number from 0 to ${MAX_DEMO_DOSSIERS} (got "${raw}")`);
  return n;
}

function volumeCount(v: DemoVolume): number {
  if (v === 'small') return 0;
  if (v === 'full') return DEMO_FULL_VOLUME;
  if (!Number.isInteger(v) || v < 0 || v > MAX_DEMO_DOSSIERS) throw new Error(`the demo volume must be 'small', 'full' or a whole number from 0 to ${MAX_DEMO_DOSSIERS}`);
  return v;
}

/** Loads the demo province into an empty database. Refuses to touch a database that already has units. */
export async function seedDemo(ctx: AppContext, opts: SeedDemoOptions = {}): Promise<{ units: number; users: number; dossiers: number }> {
  const extra = volumeCount(opts.volume ?? 'small');
  if (!(await isEmpty(ctx))) throw new Error('the database already has units: demo data is only loaded into an empty database');
  const sys = systemActor('seed');
  const ids = new Map<string, number>();
  for (const u of DEMO_UNITS) {
    const created = await createUnit(ctx, sys, {
      parentId: u.parent ? ids.get(u.parent)! : null,
      kind: u.kind,
      code: u.code,
      name: u.name,
      shortName: u.shortName,
      address: u.address,
      phone: u.phone,
      email: null,
      validFrom: '2025-07-01',
      validTo: null,
    });
    ids.set(u.key, created.id);
  }
  let users = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (a.role === 'citizen' || a.role === 'business') {
      await registerApplicant(ctx, sys, {
        username: a.username,
        fullName: a.fullName,
        password: DEMO_PASSWORD,
        kind: a.role,
        email: `${a.username}@example.vn`,
        phone: a.role === 'citizen' ? '0912345678' : '0987654321',
        idNumber: a.role === 'citizen' ? '036190000123' : null,
        organisationName: a.role === 'business' ? 'Công ty TNHH Thương mại Hòa Giang Xanh' : null,
        taxCode: a.role === 'business' ? '9900123456' : null,
      });
    } else {
      await createStaffUser(ctx, sys, {
        username: a.username,
        fullName: a.fullName,
        email: `${a.username}@hoagiang.gov.vn`,
        password: DEMO_PASSWORD,
        memberships: [{ unitId: ids.get(a.unit!)!, role: a.role, title: a.title }],
      });
    }
    users++;
  }
  // Every department, centre and commune gets a desk official, a specialist and a leader of its own.
  let n = 0;
  for (const u of DEMO_UNITS.filter((x) => x.kind !== 'province' && x.kind !== 'provincial_office')) {
    for (const role of ['desk', 'specialist', 'leader'] as const) {
      const named = DEMO_ACCOUNTS.find((a) => a.unit === u.key && a.role === role);
      if (named) continue;
      await createStaffUser(ctx, sys, {
        username: `${ROLE_PREFIX[role]}.${u.key}`,
        fullName: demoName(n++),
        email: `${ROLE_PREFIX[role]}.${u.key}@hoagiang.gov.vn`,
        password: DEMO_PASSWORD,
        memberships: [{ unitId: ids.get(u.key)!, role, title: `${ROLE_TITLE[role]} – ${u.shortName}` }],
      });
      users++;
    }
  }
  // The province's own procedure catalogue, with internal processes for the units above.
  await seedDemoCatalogue(ctx);
  // A handful of dossiers in every state, for the inboxes, the tracking page and the forms…
  const few = await seedDemoDossiers(ctx);
  // …and, for a full demo, months of work across the province behind them.
  const more = extra > 0 ? await seedDemoVolume(ctx, { count: extra, seed: opts.seed }) : { dossiers: 0 };
  return { units: DEMO_UNITS.length, users, dossiers: few.dossiers + more.dossiers };
}

// The demo province's workload: a few hundred dossiers over the last months, across the centre, the departments and
// the communes, in every state a one-stop shop meets (early, on time, late with and without an apology, waiting for
// the applicant, consulting, inter-agency, refused, withdrawn, online and by post), so every page has something real
// to show. Each dossier is a script of actions by the people who would take them; the scripts run on one simulated
// clock in time order, through the ordinary use cases, so codes, deadlines, steps and audit entries are exactly what
// the system itself produces. A seeded generator makes the same seed and end instant give the same dossiers.
import type { ActionType } from '../domain/dossier/index.js';
import { addWorkingMinutes, addWorkingTime, workingTimeBetween, type Calendar } from '../domain/calendar/index.js';
import { effectiveLimit, type ProcedureBody } from '../domain/catalogue/index.js';
import type { Role } from '../domain/org.js';
import { systemActor, type SystemActor, type UserActor } from '../app/actor.js';
import type { AppContext } from '../app/context.js';
import { userActor } from '../app/users.js';
import { saveFile } from '../app/dossiers/files.js';
import { answerSupplement, saveDraft, submitOnline } from '../app/dossiers/online.js';
import { isOptionalDocument, procedureForChannel, resolveCalendars, unitSnapshot } from '../app/dossiers/pinning.js';
import { act } from '../app/dossiers/processing.js';
import { rebuildProjections } from '../app/dossiers/projections.js';
import { receiveAtDesk, receiveSubmitted, refuseReception, requestSupplementBeforeReception } from '../app/dossiers/reception.js';
import type { ApplicantInput, DocumentInput, DossierView } from '../app/dossiers/types.js';

/** Online payments are recorded by the payment gateway, which acts as the system. */
const PAYMENT_GATEWAY = systemActor('payment-gateway');

/** How many dossiers the full demo adds to the nine hand-written ones. */
export const DEMO_FULL_VOLUME = 300;

export interface DemoVolumeOptions {
  /** Dossiers to create. */
  count: number;
  /** Seed of the generator: the same seed (and end instant) gives the same dossiers. */
  seed?: number;
  /** How far back receptions go, in calendar months. */
  months?: number;
}

export interface DemoVolumeResult {
  dossiers: number;
  actions: number;
  files: number;
  milliseconds: number;
}

// ---------------------------------------------------------------------------------------------------------------
// A small seeded generator (no Math.random: demo data must be reproducible)

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  weighted<T>(xs: readonly (readonly [T, number])[]): T;
}

function rngOf(seed: number): Rng {
  // A 32-bit counter passed through an integer hash: cheap, and streams of nearby seeds are unrelated.
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
  const r: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
    weighted: (xs) => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let u = next() * total;
      for (const [x, w] of xs) {
        u -= w;
        if (u < 0) return x;
      }
      return xs[xs.length - 1]![0];
    },
  };
  return r;
}

const mix = (a: number, b: number) => (Math.imul(a ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(b + 1, 0x165667b1)) >>> 0;

/** `n` values in the given proportions (largest remainders), shuffled: exact shares even for small volumes. */
function deck<T>(rng: Rng, n: number, weights: readonly (readonly [T, number])[]): T[] {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  const exact = weights.map(([x, w]) => ({ x, q: (n * w) / total }));
  const out: T[] = [];
  for (const e of exact) for (let i = 0; i < Math.floor(e.q); i++) out.push(e.x);
  const byRemainder = [...exact].sort((a, b) => b.q - Math.floor(b.q) - (a.q - Math.floor(a.q)));
  for (let i = 0; out.length < n; i++) out.push(byRemainder[i % byRemainder.length]!.x);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The province: units, places, procedures

const CENTRE = '000.00.31.H99';
const STP = '000.00.05.H99';
const STC = '000.00.06.H99';
const SCT = '000.00.08.H99';
const SNNMT = '000.00.09.H99';
const SXD = '000.00.10.H99';
const SYT = '000.00.14.H99';
const INTER_AGENCY = '1.013823';

interface Place {
  code: string;
  /** Share of the province's commune-level dossiers. */
  w: number;
  name: string;
  /** Streets (wards) or hamlets (communes) for addresses. */
  lanes: string[];
  street: boolean;
}

const PLACES: Place[] = [
  { code: '000.00.41.H99', w: 1.4, name: 'phường Đông Thành', lanes: ['Lê Lai', 'Lê Lợi', 'Quang Trung', 'Hùng Vương', 'Nguyễn Du'], street: true },
  { code: '000.00.42.H99', w: 1.3, name: 'phường Tây Sơn', lanes: ['Trần Phú', 'Bà Triệu', 'Hai Bà Trưng', 'Nguyễn Trãi', 'Lý Thường Kiệt'], street: true },
  { code: '000.00.43.H99', w: 1.0, name: 'xã An Phú', lanes: ['Trung', 'Đông', 'Bắc', 'Phú Lộc'], street: false },
  { code: '000.00.44.H99', w: 0.8, name: 'xã Tân Lập', lanes: ['Đồng Tâm', 'Tân Tiến', 'Tân Hòa'], street: false },
  { code: '000.00.45.H99', w: 0.8, name: 'xã Hòa Bình', lanes: ['Bình Minh', 'Hòa Thuận', 'Hòa Lạc'], street: false },
  { code: '000.00.46.H99', w: 0.7, name: 'xã Vĩnh Hưng', lanes: ['Vĩnh Thịnh', 'Vĩnh An', 'Vĩnh Phú'], street: false },
];

interface ConsultSpec {
  /** Unit codes, or 'place' for the applicant's own commune. */
  to: readonly string[] | 'place';
  question: string;
  answer: string;
}

interface ProcSpec {
  code: string;
  /** Relative frequency. */
  w: number;
  who: 'citizen' | 'org' | 'both';
  /** Suffix of the result's number ("125/GPXD"). */
  no: string;
  consult?: ConsultSpec;
  /** A fee or financial obligation is settled during processing (status 6) for some of its dossiers. */
  pay?: boolean;
}

const SPECS: ProcSpec[] = [
  { code: '1.001193', w: 10, who: 'citizen', no: 'KS' },
  { code: '1.000894', w: 5, who: 'citizen', no: 'KH' },
  { code: '1.000656', w: 3, who: 'citizen', no: 'KT' },
  { code: '1.004873', w: 9, who: 'citizen', no: 'XNTTHN' },
  { code: '1.004884', w: 2, who: 'citizen', no: 'KS-ĐKL' },
  { code: '1.001022', w: 1, who: 'citizen', no: 'NCMC' },
  { code: '1.004859', w: 3, who: 'citizen', no: 'TĐCCHT' },
  { code: '2.000635', w: 6, who: 'citizen', no: 'BSTL' },
  { code: '1.004837', w: 1, who: 'citizen', no: 'GH' },
  { code: '1.004845', w: 0.5, who: 'citizen', no: 'CDGH' },
  { code: '2.000815', w: 12, who: 'both', no: 'SCT/BS' },
  { code: '2.000884', w: 5, who: 'citizen', no: 'SCT/CK' },
  { code: '2.001035', w: 5, who: 'both', no: 'SCT/HĐGD' },
  { code: '2.001019', w: 1, who: 'citizen', no: 'SCT/DC' },
  { code: '1.001612', w: 4, who: 'citizen', no: 'GCN-HKD', pay: true },
  { code: '2.000720', w: 2, who: 'citizen', no: 'GCN-HKD' },
  { code: '1.001266', w: 1, who: 'citizen', no: 'TB-HKD' },
  { code: '1.002211', w: 0.5, who: 'citizen', no: 'QĐ-UBND' },
  {
    code: '1.013225',
    w: 3,
    who: 'both',
    no: 'GPXD',
    pay: true,
    consult: {
      to: [SXD],
      question: 'Đề nghị cho ý kiến về chỉ giới xây dựng và cốt nền công trình theo quy hoạch chi tiết khu vực',
      answer: 'Công trình phù hợp quy hoạch chi tiết; chỉ giới xây dựng lùi 3 m so với chỉ giới đường đỏ',
    },
  },
  { code: '1.011607', w: 1.5, who: 'citizen', no: 'QĐ-UBND' },
  {
    code: '1.012812',
    w: 1,
    who: 'both',
    no: 'BB-HGĐĐ',
    consult: {
      to: [SNNMT],
      question: 'Đề nghị cung cấp hồ sơ địa chính và nguồn gốc sử dụng của thửa đất đang tranh chấp',
      answer: 'Gửi kèm trích lục hồ sơ địa chính; thửa đất đã được cấp Giấy chứng nhận năm 2009 cho hộ gia đình',
    },
  },
  { code: '1.002099', w: 1.5, who: 'org', no: 'GĐKHĐ-STP' },
  { code: '1.002153', w: 1.5, who: 'citizen', no: 'GĐKHN-STP' },
  { code: '2.000829', w: 2, who: 'citizen', no: 'TB-TGPL' },
  {
    code: '1.013834',
    w: 0.5,
    who: 'citizen',
    no: 'QĐ-UBND',
    pay: true,
    consult: {
      to: 'place',
      question: 'Đề nghị xác minh địa điểm đặt trụ sở Văn phòng công chứng theo đề án',
      answer: 'Đã xác minh: trụ sở có thật, đúng địa chỉ ghi trong đề án, đủ diện tích làm việc',
    },
  },
  { code: '1.000627', w: 0.7, who: 'org', no: 'GĐKHĐ-STP' },
  {
    code: '1.013236',
    w: 2,
    who: 'org',
    no: 'GPXD-SXD',
    pay: true,
    consult: {
      to: [SNNMT, SCT],
      question: 'Đề nghị cho ý kiến về sự phù hợp của công trình với quy hoạch, kế hoạch của ngành',
      answer: 'Thống nhất; công trình phù hợp quy hoạch ngành đã được phê duyệt',
    },
  },
  { code: '2.001610', w: 2.5, who: 'citizen', no: 'GCN-ĐKDN' },
  {
    code: '2.001583',
    w: 4,
    who: 'both',
    no: 'GCN-ĐKDN',
    consult: {
      to: [SCT, SYT],
      question: 'Đề nghị cho ý kiến về điều kiện đối với ngành, nghề kinh doanh có điều kiện đăng ký',
      answer: 'Ngành, nghề đăng ký không thuộc trường hợp phải có giấy phép trước khi đăng ký doanh nghiệp',
    },
  },
  { code: '2.002043', w: 2.5, who: 'both', no: 'GCN-ĐKDN' },
  {
    code: '1.012786',
    w: 2,
    who: 'both',
    no: 'GCN-QSDĐ',
    pay: true,
    consult: {
      to: 'place',
      question: 'Đề nghị xác nhận việc niêm yết thông báo mất Giấy chứng nhận tại trụ sở Ủy ban nhân dân',
      answer: 'Đã niêm yết đủ 15 ngày, không có ai khiếu nại, tranh chấp',
    },
  },
  { code: '1.012784', w: 2.5, who: 'both', no: 'GCN-QSDĐ', pay: true },
  { code: INTER_AGENCY, w: 1.5, who: 'org', no: 'QĐ-UBND', pay: true },
];

// ---------------------------------------------------------------------------------------------------------------
// People

const FAMILY: readonly (readonly [string, number])[] = [
  ['Nguyễn', 30], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 3], ['Phan', 4], ['Vũ', 4], ['Võ', 3],
  ['Đặng', 2], ['Bùi', 2], ['Đỗ', 2], ['Hồ', 1.5], ['Ngô', 1.5], ['Dương', 1], ['Lý', 0.5], ['Đinh', 1], ['Trịnh', 1],
];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thành', 'Công', 'Xuân'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Bích', 'Kim', 'Phương', 'Hồng'];
const GIVEN_M = ['Anh', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Trung', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Phương', 'Quỳnh', 'Thảo', 'Trang', 'Tuyết', 'Vân', 'Yến'];
const FIRM_KINDS = ['Công ty TNHH', 'Công ty TNHH Thương mại và Dịch vụ', 'Công ty Cổ phần', 'Công ty Cổ phần Xây dựng', 'Công ty TNHH Nông sản', 'Hợp tác xã Nông nghiệp'];
const FIRM_NAMES = ['Hòa Giang Xanh', 'Minh Phát', 'An Khang', 'Đông Sơn', 'Tân Tiến', 'Phú Thịnh', 'Việt Hưng', 'Thành Đạt', 'Hưng Long', 'Bảo An', 'Sông Lam', 'Trường Sơn', 'Hoàng Gia', 'Nam Việt'];

function personName(rng: Rng): { name: string; female: boolean } {
  const female = rng.chance(0.5);
  const family = rng.weighted(FAMILY);
  return { name: `${family} ${rng.pick(female ? MIDDLE_F : MIDDLE_M)} ${rng.pick(female ? GIVEN_F : GIVEN_M)}`, female };
}

function addressIn(rng: Rng, place: Place): string {
  const lane = rng.pick(place.lanes);
  return place.street ? `Số ${rng.int(1, 180)} đường ${lane}, ${place.name}` : `Thôn ${lane}, ${place.name}`;
}

/**
 * An applicant at the counter. Demo applicants have no phone number or e-mail address: the numbers would belong to
 * real people, and every action would queue a message to them.
 */
function applicantFor(rng: Rng, who: 'citizen' | 'org', place: Place): ApplicantInput {
  const p = personName(rng);
  const born = rng.int(1952, 2004);
  const centuryAndSex = (born >= 2000 ? 2 : 0) + (p.female ? 1 : 0);
  const idNumber = `0${rng.pick(['36', '35', '37', '01', '31'])}${centuryAndSex}${String(born % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
  if (who === 'citizen') return { kind: 'citizen', fullName: p.name, idNumber, address: addressIn(rng, place) };
  return {
    kind: 'organisation',
    fullName: p.name,
    idNumber,
    organisationName: `${rng.pick(FIRM_KINDS)} ${rng.pick(FIRM_NAMES)}`,
    taxCode: `99${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
    address: addressIn(rng, place),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What people write

const T = {
  deskForward: ['Chuyển hồ sơ để giải quyết', 'Hồ sơ đủ thành phần, chuyển thụ lý', 'Chuyển xử lý theo quy trình'],
  assign: ['Giao chuyên viên thẩm định', 'Đề nghị thẩm định, trình trong thời hạn', 'Giao xử lý, báo cáo kết quả'],
  specForward: ['Đủ điều kiện, trình lãnh đạo xem xét', 'Trình ký kết quả', 'Đã thẩm định, đề nghị phê duyệt'],
  supplementReasons: [
    'Thông tin trong tờ khai chưa khớp với giấy tờ tùy thân',
    'Bản sao chưa được chứng thực theo quy định',
    'Giấy tờ nộp bị mờ, không đọc được nội dung',
    'Hồ sơ chưa thể hiện đủ thông tin để thẩm định',
  ],
  /** What is wrong with a form the applicant filled in, or with a paper they brought. */
  supplementForm: [' (khai lại đầy đủ các mục còn trống)', ' (có đủ chữ ký của người yêu cầu)'],
  supplementPaper: [' (bản rõ nét, đủ trang)', ' (bản sao có chứng thực)', ' (bản còn hiệu lực)'],
  supplementNote: ['Người yêu cầu đã nộp bổ sung đầy đủ', 'Đã nhận giấy tờ bổ sung theo phiếu yêu cầu', 'Đã bổ sung theo hướng dẫn'],
  onlineSupplementNote: ['Tôi đã tải lên giấy tờ bổ sung theo yêu cầu', 'Gửi bổ sung bản scan rõ nét'],
  preReasons: ['Hồ sơ còn thiếu giấy tờ theo quy định', 'Giấy tờ tải lên chưa đủ, cần bổ sung trước khi tiếp nhận', 'Thành phần hồ sơ chưa đầy đủ'],
  refuseReception: [
    'Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan; đã hướng dẫn người yêu cầu nộp đúng nơi',
    'Người nộp không có giấy tờ chứng minh quyền yêu cầu thực hiện thủ tục; đã hướng dẫn',
    'Việc đã được giải quyết trước đây, không phải thực hiện lại thủ tục',
  ],
  refuse: [
    'Người yêu cầu không đủ điều kiện theo quy định của pháp luật',
    'Kết quả xác minh cho thấy thông tin kê khai không chính xác',
    'Hồ sơ sau khi bổ sung vẫn không đáp ứng điều kiện để giải quyết',
  ],
  sendBack: ['Dự thảo kết quả còn sai thông tin, đề nghị rà soát lại', 'Đề nghị làm rõ căn cứ pháp lý trong tờ trình', 'Cần bổ sung ý kiến thẩm định về điều kiện cấp'],
  apology: [
    'Cần xác minh thêm thông tin với cơ quan liên quan',
    'Số lượng hồ sơ tăng đột biến trong kỳ',
    'Chờ kết quả kiểm tra thực địa',
    'Cán bộ thụ lý nghỉ ốm đột xuất; đã phân công người thay thế',
  ],
  withdrawal: ['Người yêu cầu có đơn xin rút hồ sơ để hoàn thiện lại giấy tờ', 'Người yêu cầu không tiếp tục thực hiện thủ tục', 'Người yêu cầu thay đổi phương án, đề nghị rút hồ sơ'],
  stopAfterWithdrawal: 'Dừng giải quyết theo đề nghị rút hồ sơ của người yêu cầu',
  stop: ['Phát hiện giấy tờ trong hồ sơ có dấu hiệu giả mạo; chuyển cơ quan công an xem xét', 'Đối tượng của thủ tục đang có tranh chấp, chờ Tòa án giải quyết'],
  /** The configured ground (DossierRules.stopGrounds) and the kind of document each stop reason above rests on. */
  stopGround: [
    ['forged_documents', 'BB-CA'],
    ['dispute', 'TB-TA'],
  ] as const,
  decline: 'Người yêu cầu đã có ý kiến tiếp tục thực hiện thủ tục; đơn vị tiếp tục giải quyết',
  payNote: 'Nộp phí, lệ phí theo quy định trước khi nhận kết quả',
  landRent: { name: 'Tiền thuê đất trả một lần cho cả thời gian thuê (tạm tính)', note: 'Theo thông báo của Sở Tài chính' },
  stcDone: 'Đã xác định giá đất cụ thể và nghĩa vụ tài chính của người sử dụng đất',
  stcDeclined: 'Khu đất chưa có trong kế hoạch sử dụng đất hằng năm được phê duyệt; chưa xác định được nghĩa vụ tài chính',
  leadDone: 'Đã kiểm tra thực địa, thẩm định nhu cầu sử dụng đất và lập tờ trình',
};

const supplementItem = (rng: Rng, document: string) =>
  `${document}${rng.pick(/^(Tờ khai|Đơn|Giấy đề nghị|Thông báo)/u.test(document) ? T.supplementForm : T.supplementPaper)}`;

// ---------------------------------------------------------------------------------------------------------------
// A minimal valid one-page PDF, for the "scans" of online submissions and electronic results

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[()\\]/g, '');
}

function demoPdf(lines: string[]): Uint8Array {
  const text = lines.map((l, i) => `${i === 0 ? '' : '0 -20 Td '}(${ascii(l).slice(0, 90)}) Tj`).join(' ');
  const content = `BT /F1 12 Tf 56 780 Td ${text} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

// ---------------------------------------------------------------------------------------------------------------
// The simulated clock: every script waits for its instant, and only one acts at a time, in time order

class Cutoff extends Error {}

interface Waiting {
  t: number;
  k: number;
  go: () => void;
}

class Simulation {
  now: number;
  private heap: Waiting[] = [];
  private counter = 0;
  private wake: (() => void) | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    start: number,
    readonly end: number,
  ) {
    this.now = start;
  }

  /** Parks the calling script until the clock reaches `t`; a script asked to act after the end stops there. */
  async at(t: Date): Promise<void> {
    const ms = Math.max(t.getTime(), this.now);
    if (ms > this.end) throw new Cutoff();
    await new Promise<void>((go) => {
      this.push({ t: ms, k: this.counter++, go });
      this.parked();
    });
  }

  async run(scripts: (() => Promise<void>)[]): Promise<void> {
    const settle = (p: Promise<void>) =>
      p.then(
        () => this.parked(),
        (e: unknown) => {
          if (!(e instanceof Cutoff) && !this.failure) this.failure = { error: e };
          this.parked();
        },
      );
    for (const s of scripts) {
      const idle = this.idle();
      void settle(s());
      await idle;
      this.check();
    }
    while (this.heap.length > 0) {
      const w = this.pop();
      this.now = w.t;
      const idle = this.idle();
      w.go();
      await idle;
      this.check();
    }
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
  private idle(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
  private parked(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  private before(a: Waiting, b: Waiting): boolean {
    return a.t < b.t || (a.t === b.t && a.k < b.k);
  }
  private push(w: Waiting): void {
    const h = this.heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  private pop(): Waiting {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Plans: what happens to each dossier, drawn before anything runs

type Channel = 'counter' | 'postal' | 'online';
type Pre = 'counter' | 'form02' | 'form02_pending' | 'refuse' | 'online' | 'online_form02' | 'online_refuse' | 'online_withdrawn';
type Target = 'early' | 'on_time' | 'late' | 'apology' | 'apology_late';
type Ending = 'finish' | 'refuse' | 'stop' | 'withdraw_stop' | 'withdraw_decline' | 'withdraw_pending';

interface ProcInfo {
  spec: ProcSpec;
  body: ProcedureBody;
  kind: 'commune' | 'department' | 'inter';
  /** The competent unit of a department procedure (the lead one for the inter-agency procedure). */
  unit: string | null;
  online: boolean;
  postal: boolean;
  /** The counter channel's limit in working minutes when it is counted in working time, else null. */
  workingLimit: number | null;
}

interface Plan {
  index: number;
  proc: ProcInfo;
  channel: Channel;
  /** Unit code of the desk that receives (or that the online applicant submits to). */
  desk: string;
  competent: string;
  place: Place;
  applicant: ApplicantInput;
  account: 'congdan' | 'doanhnghiep' | null;
  /** The first action. */
  at: Date;
  pre: Pre;
  leaderAssigns: boolean;
  consult: { to: string; reply: boolean } | null;
  supplement: { answer: boolean } | null;
  payment: { record: boolean } | null;
  sendBack: boolean;
  ending: Ending;
  interDeclined: boolean;
  target: Target;
  returnMethod: 'counter' | 'post' | 'online' | null;
  /** Working minutes between the finish and the hand-over. */
  returnDelay: number;
  /** Scripts of current dossiers stop after this move. */
  stopAfter: string | null;
  /** Current dossiers: their moves spread up to this instant (or to the apology before the due instant). */
  /** A current dossier's window ends: at a date, at an on-time apology, or at a late apology (after the due instant). */
  windowEnd: Date | 'apology' | 'late_apology' | null;
  apologyExtension: number;
  seed: number;
}

/** A current dossier: the state it is in at the end of the seed. */
interface Template {
  name: string;
  stopAfter: string;
  procs: (p: ProcInfo) => boolean;
  channel?: Channel;
  pre?: Pre;
  /** Working minutes from the end back to the reception… */
  age?: readonly [number, number];
  /** …or the remaining working time at the end (negative: late), for procedures counted in working days. */
  remaining?: readonly [number, number];
  patch?: (p: Plan, rng: Rng) => void;
}

const DAY = 480;
const anyProc = () => true;
const inWorkingDays = (p: ProcInfo) => p.workingLimit !== null && p.kind !== 'inter';
const withConsult = (p: ProcInfo) => p.spec.consult !== undefined;

/** In priority order: a small volume keeps the first ones. */
const TEMPLATES: Template[] = [
  { name: 'received', stopAfter: 'receive', procs: anyProc, age: [15, 240] },
  { name: 'awaiting_supplement', stopAfter: 'supplement_request', procs: inWorkingDays, remaining: [DAY, 4 * DAY], patch: (p) => (p.supplement = { answer: false }) },
  { name: 'consulting', stopAfter: 'consult', procs: withConsult, age: [DAY / 2, 2 * DAY], patch: (p) => (p.consult!.reply = false) },
  { name: 'late', stopAfter: 'spec_forward', procs: inWorkingDays, remaining: [-5 * DAY, -DAY / 4] },
  { name: 'apologised', stopAfter: 'apology', procs: (p) => inWorkingDays(p) && p.workingLimit! >= 3 * DAY, remaining: [-DAY, -60], patch: (p, r) => ((p.windowEnd = 'apology'), (p.apologyExtension = r.int(2, 4) * DAY)) },
  { name: 'due_soon', stopAfter: 'leader_assign', procs: (p) => inWorkingDays(p) && p.kind === 'department', remaining: [60, 7 * 60] },
  { name: 'online_submitted', stopAfter: 'submit', procs: (p) => p.online, channel: 'online', age: [20, DAY] },
  { name: 'form02_pending', stopAfter: 'form02', procs: (p) => p.body.documents.length >= 2, pre: 'form02_pending', channel: 'counter', age: [30, 2 * DAY] },
  { name: 'awaiting_payment', stopAfter: 'payment_request', procs: (p) => p.spec.pay === true && p.kind !== 'inter', age: [DAY, 3 * DAY], patch: (p) => (p.payment = { record: false }) },
  { name: 'result_ready', stopAfter: 'finish', procs: anyProc, age: [DAY, 4 * DAY], patch: (p) => (p.returnMethod = 'counter') },
  { name: 'inter_agency', stopAfter: 'contribute_part', procs: (p) => p.kind === 'inter', channel: 'counter', age: [2 * DAY, 4 * DAY] },
  { name: 'withdrawal_requested', stopAfter: 'withdraw_request', procs: inWorkingDays, age: [DAY / 2, 2 * DAY], patch: (p) => (p.ending = 'withdraw_pending') },
  { name: 'signed', stopAfter: 'sign', procs: anyProc, age: [DAY, 3 * DAY] },
  { name: 'awaiting_signature', stopAfter: 'approve', procs: anyProc, age: [DAY, 3 * DAY] },
  { name: 'at_leader', stopAfter: 'spec_forward', procs: anyProc, age: [DAY / 2, 3 * DAY] },
  { name: 'in_step', stopAfter: 'desk_forward', procs: (p) => p.kind === 'department', age: [30, DAY] },
  { name: 'online_form02_pending', stopAfter: 'online_form02', procs: (p) => p.online, channel: 'online', pre: 'online_form02', age: [DAY / 2, 2 * DAY] },
  { name: 'online_awaiting_supplement', stopAfter: 'supplement_request', procs: (p) => p.online && p.kind !== 'inter', channel: 'online', age: [DAY, 3 * DAY], patch: (p) => (p.supplement = { answer: false }) },
  { name: 'sent_back', stopAfter: 'send_back', procs: anyProc, age: [DAY, 3 * DAY], patch: (p) => (p.sendBack = true) },
  { name: 'postal', stopAfter: 'leader_assign', procs: (p) => p.postal && p.kind !== 'inter', channel: 'postal', age: [DAY / 2, 2 * DAY], patch: (p) => (p.leaderAssigns = true) },
  { name: 'across_boundaries', stopAfter: 'spec_forward', procs: (p) => p.kind === 'commune', channel: 'counter', age: [DAY / 2, 2 * DAY], patch: (p) => (p.desk = CENTRE) },
  { name: 'consult_answered', stopAfter: 'consult_reply', procs: withConsult, age: [DAY, 3 * DAY] },
  {
    name: 'apologised_late',
    stopAfter: 'apology',
    procs: (p) => inWorkingDays(p) && p.workingLimit! >= 3 * DAY,
    remaining: [-4 * DAY, -2 * DAY],
    patch: (p) => ((p.windowEnd = 'apology'), (p.apologyExtension = DAY)),
  },
  // The delay noticed only after the due instant: the leader issues a late apology with a new appointment; it is
  // recorded late and never clears the breach (the inbox reads "late, apologised late").
  {
    name: 'apology_after_due',
    stopAfter: 'apology',
    procs: (p) => inWorkingDays(p) && p.workingLimit! >= 3 * DAY,
    remaining: [-4 * DAY, -2 * DAY],
    patch: (p) => ((p.windowEnd = 'late_apology'), (p.apologyExtension = DAY)),
  },
  { name: 'online_in_processing', stopAfter: 'leader_assign', procs: (p) => p.online && p.kind !== 'inter', channel: 'online', age: [DAY, 3 * DAY], patch: (p) => (p.leaderAssigns = true) },
  { name: 'refusal_ready', stopAfter: 'refuse', procs: (p) => p.kind !== 'inter', age: [DAY, 3 * DAY], patch: (p) => (p.ending = 'refuse') },
  // The applicant withdraws an online submission before the desk receives it (status withdrawn, not a refusal).
  { name: 'online_withdrawn', stopAfter: 'online_withdraw', procs: (p) => p.online, channel: 'online', pre: 'online_withdrawn', age: [DAY / 2, 2 * DAY] },
];

const ENDINGS: readonly (readonly [Ending | 'refused_reception' | 'form02', number])[] = [
  ['finish', 74],
  ['refuse', 5],
  ['refused_reception', 3],
  ['form02', 5],
  ['withdraw_stop', 3],
  ['stop', 2],
  ['withdraw_decline', 2],
];
const TARGETS: readonly (readonly [Target, number])[] = [
  ['early', 55],
  ['on_time', 32],
  ['late', 7],
  ['apology', 5],
  ['apology_late', 1],
];

/** Working minutes a limit surely spans, counted from any instant: the bound of an apology's new appointment. */
function limitCap(l: { amount: number; unit: string } | null | undefined): number {
  if (!l) return DAY;
  switch (l.unit) {
    case 'working_days':
      return l.amount * DAY;
    case 'working_hours':
      return l.amount * 60;
    case 'half_days':
      return (l.amount * DAY) / 2;
    case 'days':
      return Math.max(30, (Math.floor((l.amount * 5) / 7) - 2) * DAY);
    case 'months':
      return l.amount * 18 * DAY;
    default:
      return 30;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The run

/** Creates `count` demo dossiers over the last months; call it after the demo units, accounts and catalogue. */
export async function seedDemoVolume(ctx: AppContext, opts: DemoVolumeOptions): Promise<DemoVolumeResult> {
  const t0 = performance.now();
  const count = Math.max(0, Math.trunc(opts.count));
  if (count === 0) return { dossiers: 0, actions: 0, files: 0, milliseconds: 0 };
  const seed = opts.seed ?? 2026;
  const months = opts.months ?? 4;
  const end = ctx.clock();
  const sim = new Simulation(0, end.getTime());
  const c: AppContext = { ...ctx, clock: () => new Date(sim.now) };

  const units = await unitSnapshot(c);
  const centre = units.byCode.get(CENTRE);
  if (!centre) throw new Error('the demo volume needs the demo province (no service centre 000.00.31.H99)');
  const cal: Calendar = (await resolveCalendars(c, units, [centre.id])).of(centre.id);
  const add = (t: Date, minutes: number) => addWorkingMinutes(t, Math.round(minutes), cal);
  const between = (a: Date, b: Date) => workingTimeBetween(a, b, cal);
  const idOf = (code: string) => {
    const u = units.byCode.get(code);
    if (!u) throw new Error(`the demo volume needs unit ${code}`);
    return u.id;
  };

  // Who sits where: the first official (by username) of each role at each unit.
  const seats = await c.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.unit_id', 'm.role', 'u.username'])
    .where('m.role', 'in', ['desk', 'specialist', 'leader'])
    .where('u.active', '=', true)
    .orderBy('u.username')
    .execute();
  const seatOf = new Map<string, string>();
  for (const s of seats) if (!seatOf.has(`${s.unit_id}:${s.role}`)) seatOf.set(`${s.unit_id}:${s.role}`, s.username);
  const actors = new Map<string, UserActor>();
  const person = async (username: string) => {
    let a = actors.get(username);
    if (!a) actors.set(username, (a = await userActor(c, username)));
    return a;
  };
  const staff = (unitId: number, role: Role) => {
    const username = seatOf.get(`${unitId}:${role}`);
    if (!username) throw new Error(`the demo province has no ${role} at unit ${units.byId.get(unitId)?.code ?? unitId}`);
    return person(username);
  };

  // The catalogue as published now (procedures missing from it are left out).
  const procs: ProcInfo[] = [];
  for (const spec of SPECS) {
    let body: ProcedureBody;
    try {
      body = (await procedureForChannel(c, spec.code, 'counter')).body;
    } catch {
      continue;
    }
    const limit = effectiveLimit(body, 'counter');
    const kind = spec.code === INTER_AGENCY ? 'inter' : body.level === 'commune' ? 'commune' : 'department';
    procs.push({
      spec,
      body,
      kind,
      unit: kind === 'commune' ? null : kind === 'inter' ? SNNMT : (body.competentUnits[0] ?? null),
      online: body.channels.online !== null && body.onlineLevel !== null && kind !== 'inter',
      postal: body.channels.postal !== null,
      workingLimit: limit && (limit.unit === 'working_days' || limit.unit === 'working_hours') ? limit.amount * (limit.unit === 'working_days' ? DAY : 60) : null,
    });
  }
  if (procs.length === 0) throw new Error('the demo volume needs the demo catalogue');
  const procWeights = procs.map((p) => [p, p.spec.w] as const);
  const placeWeights = PLACES.map((p) => [p, p.w] as const);

  // ---- Planning (pure: every draw happens here or in a dossier's own generator) ----
  const master = rngOf(seed);
  const start = new Date(end.getTime() - Math.round(months * 30.44 * 24 * 3600 * 1000));
  const span = Math.max(DAY, between(start, end) - DAY / 2);
  const current = Math.min(count, Math.max(TEMPLATES.length, Math.round(count * 0.25)));
  const history = count - current;
  const endings = deck(master, history, ENDINGS);
  const targets = deck(master, history, TARGETS);
  const plans: Plan[] = [];

  const basePlan = (index: number, proc: ProcInfo, rng: Rng): Plan => {
    const place = rng.weighted(placeWeights);
    const who = proc.spec.who === 'both' ? (rng.chance(0.35) ? 'org' : 'citizen') : proc.spec.who;
    const consultTo = proc.spec.consult ? (proc.spec.consult.to === 'place' ? place.code : rng.pick(proc.spec.consult.to)) : null;
    return {
      index,
      proc,
      channel: 'counter',
      desk: proc.kind === 'commune' ? place.code : CENTRE,
      competent: proc.kind === 'commune' ? place.code : proc.unit!,
      place,
      applicant: applicantFor(rng, who, place),
      account: null,
      at: end,
      pre: 'counter',
      leaderAssigns: proc.kind !== 'commune' || rng.chance(0.3),
      consult: consultTo ? { to: consultTo, reply: true } : null,
      supplement: null,
      payment: null,
      sendBack: false,
      ending: 'finish',
      interDeclined: false,
      target: 'early',
      returnMethod: 'counter',
      returnDelay: 0,
      stopAfter: null,
      windowEnd: null,
      apologyExtension: DAY * 2,
      seed: mix(seed, index),
    };
  };
  const goOnline = (p: Plan) => {
    p.channel = 'online';
    p.pre = 'online';
    p.account = p.applicant.kind === 'organisation' ? 'doanhnghiep' : 'congdan';
    p.desk = p.proc.body.receivingUnit ?? p.competent;
    p.returnMethod = 'online';
  };

  for (let i = 0; i < history; i++) {
    const rng = rngOf(mix(seed, 10_000 + i));
    const ending = endings[i]!;
    const proc = rng.weighted(procWeights);
    const p = basePlan(i, proc, rng);
    p.target = targets[i]!;
    p.at = add(start, rng.next() * span);
    if (ending === 'refused_reception') p.pre = 'refuse';
    else if (ending === 'form02') p.pre = 'form02';
    else p.ending = ending;
    if (p.pre === 'counter') {
      if (proc.online && rng.chance(p.applicant.kind === 'organisation' ? 0.35 : 0.15)) {
        goOnline(p);
        const u = rng.next();
        if (u < 0.12) p.pre = 'online_form02';
        else if (u < 0.17) p.pre = 'online_refuse';
      } else if (proc.postal && proc.kind !== 'inter' && rng.chance(0.1)) p.channel = 'postal';
      else if (proc.kind === 'commune' && rng.chance(0.1)) p.desk = rng.chance(0.5) ? CENTRE : rng.pick(PLACES.filter((x) => x.code !== p.competent)).code;
    }
    if (p.consult && !rng.chance(0.4)) p.consult = null;
    if (rng.chance(0.12)) p.supplement = { answer: true };
    if (proc.spec.pay && rng.chance(proc.kind === 'inter' ? 1 : 0.6)) p.payment = { record: true };
    p.sendBack = p.ending === 'finish' && rng.chance(0.07);
    p.interDeclined = proc.kind === 'inter' && p.ending === 'finish' && rng.chance(0.2);
    if (p.interDeclined) p.payment = null;
    if (p.channel !== 'online') p.returnMethod = p.channel === 'postal' ? (rng.chance(0.8) ? 'post' : 'counter') : rng.chance(0.12) ? 'post' : 'counter';
    else p.returnMethod = rng.weighted([['online', 5], ['counter', 4], ['post', 1]] as const);
    if (rng.chance(0.04)) p.returnMethod = null;
    p.returnDelay = rng.chance(0.3) ? rng.int(2, 30) : rng.int(DAY / 2, 3 * DAY);
    p.apologyExtension = rng.int(1, 4) * DAY + rng.pick([0, DAY / 2]);
    plans.push(p);
  }

  for (let j = 0; j < current; j++) {
    const tpl = TEMPLATES[j % TEMPLATES.length]!;
    const rng = rngOf(mix(seed, 20_000 + j));
    const candidates = procs.filter((p) => tpl.procs(p) && (tpl.channel !== 'online' || p.online) && (tpl.channel !== 'postal' || p.postal));
    if (candidates.length === 0) continue;
    // Online, businesses get their share of the templates too (civil status would otherwise take them all).
    const proc = rng.weighted(candidates.map((p) => [p, p.spec.w * (tpl.channel === 'online' && p.spec.who !== 'citizen' ? 4 : 1)] as const));
    const p = basePlan(history + j, proc, rng);
    if (tpl.channel === 'online' && proc.spec.who === 'both' && p.applicant.kind === 'citizen' && rng.chance(0.5)) p.applicant = applicantFor(rng, 'org', p.place);
    p.stopAfter = tpl.stopAfter;
    p.windowEnd = add(end, -rng.int(5, 90));
    if (tpl.channel === 'online') goOnline(p);
    else if (tpl.channel === 'postal') p.channel = 'postal';
    if (tpl.pre) p.pre = tpl.pre;
    if (p.consult && tpl.stopAfter !== 'consult' && tpl.stopAfter !== 'consult_reply') p.consult = null;
    if (proc.kind === 'inter') p.payment = { record: true };
    tpl.patch?.(p, rng);
    // Received in the past even when the limit is shorter than the remaining time asked for.
    if (tpl.remaining && proc.workingLimit !== null) p.at = add(end, Math.min(rng.int(tpl.remaining[0], tpl.remaining[1]) - proc.workingLimit, -rng.int(60, 240)));
    else {
      const [lo, hi] = tpl.age ?? [DAY, 3 * DAY];
      p.at = add(end, -rng.int(lo, hi));
    }
    plans.push(p);
  }

  // ---- Running ----
  let actions = 0;
  let files = 0;
  const documentNumbers = new Map<string, number>();
  /** Each unit numbers each kind of result in its own book. */
  const nextNumber = (unit: string, suffix: string) => {
    const n = (documentNumbers.get(`${unit} ${suffix}`) ?? 0) + 1;
    documentNumbers.set(`${unit} ${suffix}`, n);
    return `${n}/${suffix}`;
  };
  const upload = async (actor: UserActor, name: string, lines: string[]) => {
    files++;
    return (await saveFile(c, actor, { name, bytes: demoPdf(lines), declaredType: 'application/pdf' })).id;
  };

  const script = (plan: Plan) => async () => {
    const rng = rngOf(plan.seed);
    const proc = plan.proc;
    const deskUnit = idOf(plan.desk);
    const competentUnit = idOf(plan.competent);
    const desk = await staff(deskUnit, 'desk');
    const applicantAccount = plan.account ? await person(plan.account) : null;
    const key = `demo-volume-${seed}-${plan.index}`;
    let d: DossierView | null = null;
    const document = (dv: DossierView | null) => dv?.pinned?.documents ?? proc.body.documents.map((x) => ({ name: x.name, optional: isOptionalDocument(x) }));

    const step = async (actor: UserActor | SystemActor, type: ActionType, payload: Record<string, unknown> = {}, comment?: string, attachments?: string[]) => {
      d = await act(c, actor, d!.id, { type, payload, expectedVersion: d!.version, comment, attachments });
      actions++;
    };

    // -- The moves, in order; `w` is each one's share of the working time before its anchor (the end of processing
    //    or, for a current dossier, the end of its window); `wait` is the applicant's own time, outside any share.
    interface Move {
      name: string;
      w?: number;
      wait?: number;
      run: () => Promise<void>;
      /** The clock started or resumed: aim again at the target. */
      retarget?: boolean;
      /** Processing ends here. */
      anchor?: boolean;
    }
    const moves: Move[] = [];
    const push = (m: Move) => moves.push(m);
    const allDocs = (): DocumentInput[] => document(null).map((x) => ({ name: x.name, provided: true }));

    // Reception
    if (plan.channel !== 'online') {
      const counterInput = () => ({
        procedureCode: proc.spec.code,
        channel: plan.channel as 'counter' | 'postal',
        applicant: plan.applicant,
        competentUnitCode: plan.competent,
        idempotencyKey: key,
      });
      if (plan.pre === 'refuse') {
        push({
          name: 'refuse_reception',
          run: async () => {
            d = (await refuseReception(c, desk, { ...counterInput(), documents: allDocs().slice(0, 1), reasons: rng.pick(T.refuseReception) })).dossier;
            actions++;
          },
        });
      } else if (plan.pre === 'form02' || plan.pre === 'form02_pending') {
        const docs = allDocs();
        const missing = proc.body.documents.filter((x, i) => i > 0 && !isOptionalDocument(x)).map((x) => docs.find((y) => y.name === x.name)!);
        const lacking = missing.length > 0 ? [rng.pick(missing)] : docs.slice(-1);
        push({
          name: 'form02',
          run: async () => {
            const r = await requestSupplementBeforeReception(c, desk, {
              ...counterInput(),
              documents: docs.filter((x) => !lacking.includes(x)),
              items: lacking.map((x) => x.name),
              reason: rng.pick(T.preReasons),
            });
            d = r.dossier;
            actions++;
          },
        });
        push({
          name: 'receive',
          wait: rng.int(DAY / 2, 5 * DAY),
          retarget: true,
          run: async () => {
            d = (await receiveSubmitted(c, desk, d!.id, { expectedVersion: d!.version, documents: allDocs() })).dossier;
            actions++;
          },
        });
      } else
        push({
          name: 'receive',
          retarget: true,
          run: async () => {
            d = (await receiveAtDesk(c, desk, { ...counterInput(), documents: allDocs() })).dossier;
            actions++;
          },
        });
    } else {
      const applicant = applicantAccount!;
      push({
        name: 'submit',
        run: async () => {
          const documents: DocumentInput[] = [];
          for (const x of proc.body.documents) {
            if (isOptionalDocument(x)) continue;
            documents.push({ name: x.name, fileIds: [await upload(applicant, `${ascii(x.name).slice(0, 40).trim().replace(/\s+/g, '-').toLowerCase()}.pdf`, [x.name, proc.body.name])] });
          }
          const draft = await saveDraft(c, applicant, {
            procedureCode: proc.spec.code,
            competentUnitCode: plan.competent,
            applicant: { phone: null, email: null, address: plan.applicant.address ?? null },
            documents,
          });
          d = (await submitOnline(c, applicant, { draftId: draft.id, idempotencyKey: key })).dossier;
          actions++;
        },
      });
      if (plan.pre === 'online_form02') {
        push({
          name: 'online_form02',
          wait: rng.int(30, DAY),
          run: async () => {
            const doc = rng.pick(document(d).filter((x) => !x.optional));
            d = (
              await requestSupplementBeforeReception(c, desk, {
                dossierId: d!.id,
                expectedVersion: d!.version,
                items: [supplementItem(rng, doc.name)],
                reason: rng.pick(T.preReasons),
              })
            ).dossier;
            actions++;
          },
        });
        push({
          name: 'resubmit',
          wait: rng.int(DAY / 2, 3 * DAY),
          run: async () => {
            const file = await upload(applicant, 'bo-sung.pdf', ['Giay to bo sung', proc.body.name]);
            d = await answerSupplement(c, applicant, d!.id, { expectedVersion: d!.version, note: rng.pick(T.onlineSupplementNote), fileIds: [file] });
            actions++;
          },
        });
      }
      if (plan.pre === 'online_withdrawn')
        push({
          name: 'online_withdraw',
          wait: rng.int(30, DAY / 2),
          run: async () => {
            d = await act(c, applicant, d!.id, { type: 'request_withdrawal', payload: { reason: 'Tôi nộp nhầm thủ tục, xin rút để nộp lại' }, expectedVersion: d!.version });
            actions++;
          },
        });
      if (plan.pre === 'online_refuse')
        push({
          name: 'online_refuse',
          wait: rng.int(30, DAY),
          run: async () => {
            d = (await refuseReception(c, desk, { dossierId: d!.id, expectedVersion: d!.version, reasons: rng.pick(T.refuseReception) })).dossier;
            actions++;
          },
        });
      else
        push({
          name: 'receive',
          wait: rng.int(20, DAY),
          retarget: true,
          run: async () => {
            d = (await receiveSubmitted(c, desk, d!.id, { expectedVersion: d!.version })).dossier;
            actions++;
          },
        });
    }

    // Processing: the moves depend on the pinned process, so they are added once the dossier is received.
    const addProcessing = async () => {
      const dv = d!;
      const steps = dv.pinned!.steps;
      const a = (i: number) => steps[i]?.allottedWorkingMinutes ?? DAY;
      // The unit that examines: the first specialist's step (the lead department of the inter-agency procedure).
      const worker = steps.find((s) => s.role === 'specialist')?.unitId ?? competentUnit;
      const spec = await staff(worker, 'specialist');
      const leaderStep = steps.findIndex((s) => s.role === 'leader');
      const leaderUnit = leaderStep >= 0 ? steps[leaderStep]!.unitId : competentUnit;
      const leader = await staff(leaderUnit, 'leader');
      const workerLeader = await staff(worker, 'leader');
      const competentLeader = await staff(competentUnit, 'leader');
      const lastDesk = steps.length - 1;
      const inter = proc.kind === 'inter';
      const stcUnit = inter ? idOf(STC) : 0;
      const stcSpec = inter ? await staff(stcUnit, 'specialist') : null;
      const specStep = steps.findIndex((s) => s.role === 'specialist');

      push({
        name: 'desk_forward',
        w: a(0) * 0.7,
        run: () => step(desk, 'forward', plan.leaderAssigns ? { toStepIndex: 1 } : { toStepIndex: 1, assigneeId: spec.userId }, rng.pick(T.deskForward)),
      });
      if (plan.leaderAssigns) push({ name: 'leader_assign', w: a(1) * 0.08, run: () => step(workerLeader, 'assign', { assigneeId: spec.userId }, rng.pick(T.assign)) });

      if (plan.ending === 'withdraw_stop' || plan.ending === 'withdraw_decline' || plan.ending === 'withdraw_pending') {
        push({ name: 'withdraw_request', w: a(1) * 0.2, run: () => step(desk, 'request_withdrawal', { reason: rng.pick(T.withdrawal) }) });
        if (plan.ending === 'withdraw_stop') {
          push({ name: 'stop', w: a(1) * 0.2, anchor: true, run: () => step(competentLeader, 'stop', { reason: T.stopAfterWithdrawal, ground: 'applicant_withdrawal' }) });
          return;
        }
        if (plan.ending === 'withdraw_decline') push({ name: 'decline', w: a(1) * 0.15, run: () => step(competentLeader, 'decline_withdrawal', { reason: T.decline }) });
      }
      if (plan.ending === 'stop') {
        const k = rng.int(0, T.stop.length - 1);
        const [ground, doc] = T.stopGround[k]!;
        push({
          name: 'stop',
          w: a(1) * 0.4,
          anchor: true,
          run: () => step(competentLeader, 'stop', { reason: T.stop[k]!, ground, documentReference: `${rng.int(1, 300)}/${doc}` }),
        });
        return;
      }

      if (inter) {
        const lead = await staff(idOf(SNNMT), 'specialist');
        push({
          name: 'contribute_part',
          w: a(1) * 0.25,
          run: () => step(stcSpec!, 'contribute', plan.interDeclined ? { outcome: 'declined', note: T.stcDeclined } : { outcome: 'completed', note: T.stcDone }),
        });
        push({ name: 'contribute_lead', w: a(1) * 0.35, run: () => step(lead, 'contribute', { outcome: 'completed', note: T.leadDone }) });
        if (plan.interDeclined) {
          push({ name: 'refuse', w: a(1) * 0.3, anchor: true, run: () => step(competentLeader, 'refuse_after_examination', { reasons: T.stcDeclined }) });
          pushReturn();
          return;
        }
      }

      if (plan.consult) {
        const to = idOf(plan.consult.to);
        const consult = proc.spec.consult!;
        let seq = 0;
        push({
          name: 'consult',
          w: a(1) * 0.1,
          run: async () => {
            await step(spec, 'consult', { toUnitId: to, question: consult.question, limit: { amount: rng.pick([3, 5]), unit: 'working_days' } });
            seq = d!.version;
          },
        });
        if (plan.consult.reply) {
          const replier = await staff(to, rng.chance(0.7) ? 'specialist' : 'leader');
          push({ name: 'consult_reply', w: a(1) * 0.3, run: () => step(replier, 'consult_reply', { consultSeq: seq, answer: consult.answer, agrees: true }) });
        }
      }
      let supplementAsked = false;
      if (plan.supplement) {
        push({
          name: 'supplement_request',
          // Within the window (three working days after the unit got the dossier): soon after the hand-over.
          wait: rng.int(30, DAY),
          run: async () => {
            const docs = document(d).filter((x) => !x.optional);
            const items = [supplementItem(rng, rng.pick(docs).name)];
            // Past the window the rules refuse the request (issue 10); the unit then works on without it, as a
            // real unit would have to.
            const windowEndsAt = (() => {
              const stay = d!.state.steps.find((r) => r.unitId === d!.state.currentUnitId);
              return stay ? addWorkingTime(stay.receivedAt, d!.pinned!.rules.supplementWindowWorkingDays, 'working_days', cal) : null;
            })();
            if (windowEndsAt && sim.now > windowEndsAt.getTime()) return;
            await step(spec, 'request_supplement', { items, reason: rng.pick(T.supplementReasons) });
            supplementAsked = true;
          },
        });
        if (plan.supplement.answer)
          push({
            name: 'supplement_received',
            wait: rng.int(DAY / 2, 6 * DAY),
            retarget: true,
            run: async () => {
              if (!supplementAsked) return;
              if (applicantAccount && plan.channel === 'online') {
                const file = await upload(applicantAccount, 'bo-sung.pdf', ['Giay to bo sung', proc.body.name]);
                d = await answerSupplement(c, applicantAccount, d!.id, { expectedVersion: d!.version, note: rng.pick(T.onlineSupplementNote), fileIds: [file] });
                actions++;
              } else await step(desk, 'supplement_received', { note: rng.pick(T.supplementNote) });
            },
          });
      }

      const payer = async () => {
        const fees = (d!.pinned!.fees ?? []).filter((f) => f.amountVnd > 0).map((f) => ({ name: f.name, amountVnd: f.amountVnd }));
        return inter ? [{ name: T.landRent.name, amountVnd: rng.int(40, 400) * 5_000_000 }] : fees.length > 0 ? fees.slice(0, 1) : [{ name: 'Lệ phí giải quyết thủ tục', amountVnd: 50_000 }];
      };
      const pushPayment = (by: UserActor, w: number) => {
        let total = 0;
        push({
          name: 'payment_request',
          w,
          run: async () => {
            const items = await payer();
            total = items.reduce((s, x) => s + x.amountVnd, 0);
            await step(by, 'request_payment', { items, note: inter ? T.landRent.note : T.payNote });
          },
        });
        if (plan.payment!.record)
          push({
            name: 'payment_recorded',
            wait: rng.int(30, 2 * DAY),
            retarget: true,
            run: async () => {
              if (applicantAccount && plan.channel === 'online') {
                // Paid online: the payment gateway records it (an applicant never records their own payment).
                await step(PAYMENT_GATEWAY, 'payment_recorded', { amountVnd: total, receipt: `GD${rng.int(10_000_000, 99_999_999)}`, online: true });
              } else await step(desk, 'payment_recorded', { amountVnd: total, receipt: `BL-${String(rng.int(1, 999_999)).padStart(7, '0')}` });
            },
          });
      };
      if (plan.payment && !inter) pushPayment(spec, a(1) * 0.08);

      if (inter) {
        push({ name: 'spec_forward', w: a(specStep) * 0.3, run: () => step(spec, 'forward', { toStepIndex: specStep + 1, assigneeId: stcSpec!.userId }, 'Chuyển Sở Tài chính xác định nghĩa vụ tài chính') });
        if (plan.payment) pushPayment(stcSpec!, a(specStep + 1) * 0.3);
        push({ name: 'stc_forward', w: a(specStep + 1) * 0.4, run: () => step(stcSpec!, 'forward', { toStepIndex: specStep + 2 }, 'Trình lãnh đạo Sở Nông nghiệp và Môi trường') });
      } else push({ name: 'spec_forward', w: a(1) * 0.45, run: () => step(spec, 'forward', { toStepIndex: leaderStep }, rng.pick(T.specForward)) });

      if (plan.sendBack) {
        push({ name: 'send_back', w: a(leaderStep) * 0.4, run: () => step(leader, 'send_back', { toStepIndex: specStep, reason: rng.pick(T.sendBack) }) });
        push({ name: 'spec_forward_again', w: a(specStep) * 0.25, run: () => step(spec, 'forward', { toStepIndex: specStep + 1 }, 'Đã chỉnh sửa theo ý kiến của lãnh đạo') });
        if (inter) push({ name: 'stc_forward_again', w: a(specStep + 1) * 0.2, run: () => step(stcSpec!, 'forward', { toStepIndex: specStep + 2 }) });
      }

      if (plan.ending === 'refuse') {
        push({ name: 'refuse', w: a(leaderStep) * 0.6, anchor: true, run: () => step(leader, 'refuse_after_examination', { reasons: rng.pick(T.refuse) }) });
        pushReturn();
        return;
      }
      push({ name: 'approve', w: a(leaderStep) * 0.6, run: () => step(leader, 'approve') });
      push({ name: 'sign', w: a(leaderStep) * 0.1, run: () => step(leader, 'sign', { documentNumber: nextNumber(plan.competent, proc.spec.no) }) });
      // The leader finishes at the approval step (the last processing step); the result then comes back to the
      // final desk step on its own (issue 10: nobody forwards into it).
      let result: string | null = null;
      push({
        name: 'finish',
        w: a(lastDesk) * 0.7,
        anchor: true,
        run: async () => {
          if (plan.returnMethod === 'online') result = await upload(leader, 'ket-qua.pdf', [proc.body.results[0]?.name ?? proc.body.name, `Ho so ${d!.code ?? ''}`, 'Ban dien tu co gia tri nhu ban giay']);
          await step(leader, 'finish', result ? { resultDocumentIds: [result] } : {});
        },
      });
      pushReturn(() => result);
    };

    function pushReturn(result: () => string | null = () => null) {
      const method = plan.returnMethod;
      if (!method) return;
      push({
        name: 'return',
        wait: plan.returnDelay,
        run: () => {
          const r = result();
          return method === 'online' && r ? step(desk, 'return_result', { method, electronicResultIds: [r] }) : step(desk, 'return_result', { method: method === 'online' ? 'counter' : method });
        },
      });
    }

    // -- Timing
    let t = plan.at;
    let target = plan.at;
    let apologised = false;
    let aim: Target | 'after_apology' = plan.target;
    const lateBy = rng.int(60, 3 * DAY);
    const lateAgainBy = rng.int(30, 2 * DAY);
    const fraction = 0.25 + rng.next() * 0.5;
    const margin = rng.int(10, 180);
    const windowEnd = plan.windowEnd instanceof Date ? plan.windowEnd : null;

    /** Where the end of processing should land, from the current due instant (after a reception, a resume, an apology). */
    const retarget = () => {
      const clock = d?.state.clock;
      if (windowEnd) target = windowEnd;
      else if (!clock) target = t;
      else if (plan.windowEnd === 'apology') target = add(clock.currentDueAt, -(DAY + margin));
      // Within half a day after the due, so that a new appointment one working day after the due is still ahead.
      else if (plan.windowEnd === 'late_apology') target = add(clock.currentDueAt, DAY / 4 + margin);
      else {
        const due = clock.currentDueAt;
        const room = Math.max(0, between(t, due));
        if (aim === 'early') target = add(t, room * fraction);
        else if (aim === 'on_time') target = add(due, -Math.min(room * 0.3, rng.int(5, 200)));
        else if (aim === 'after_apology') target = plan.target === 'apology_late' ? add(due, lateAgainBy) : add(due, -Math.min(room * 0.5, rng.int(30, 400)));
        else target = add(due, lateBy);
      }
    };

    /** The instant of move `i`: the applicant's own delay, or its share of the working time left before the anchor. */
    const timeOf = (i: number): Date => {
      const m = moves[i]!;
      if (m.wait !== undefined) return add(t, windowEnd ? Math.min(m.wait, Math.max(1, between(t, windowEnd) * 0.4)) : m.wait);
      const anchor = moves.findIndex((x, k) => k >= i && x.anchor);
      const stop = plan.stopAfter ? moves.findIndex((x, k) => k >= i && x.name === plan.stopAfter) : -1;
      const until = stop >= 0 && (anchor < 0 || stop < anchor) ? stop : anchor;
      const gap = rng.int(2, 25);
      if (until < 0) return add(t, gap);
      const rest = moves.slice(i, until + 1).reduce((s, x) => s + (x.wait === undefined ? (x.w ?? 1) : 0), 0);
      // A current dossier stops short of its window's end, as if the next move were still to come.
      const tail = until === stop && !moves[until]!.anchor ? rest * 0.25 : 0;
      const room = between(t, target);
      return add(t, Math.max(gap, room > 0 ? (room * (m.w ?? 1)) / (rest + tail) : 0));
    };

    const apologise = async () => {
      const due = d!.state.clock!.currentDueAt;
      const lateUnit = d!.state.currentUnitId ?? competentUnit;
      // A new appointment is bounded by the procedure's own limit again after the current due.
      const extension = Math.min(plan.apologyExtension, limitCap(effectiveLimit(proc.body, d!.channel)));
      await step(await staff(lateUnit, 'leader'), 'apologise', { lateUnitId: lateUnit, reason: rng.pick(T.apology), newDueAt: add(due, extension) });
    };
    const wantsApology = () =>
      (plan.target === 'apology' || plan.target === 'apology_late') &&
      !plan.stopAfter &&
      !apologised &&
      d?.state.phase === 'processing' &&
      !d.state.waitingFor &&
      d.state.clock?.status === 'running';

    for (let i = 0; i < moves.length; i++) {
      const m = moves[i]!;
      let at = i === 0 ? plan.at : timeOf(i);
      // The leader of the unit holding the dossier apologises once the delay is certain, no later than one working
      // day before the due instant (later than that it would be recorded as a late apology).
      if (wantsApology()) {
        const due = d!.state.clock!.currentDueAt;
        const when = new Date(Math.max(t.getTime() + 60_000, add(due, -(DAY + margin)).getTime()));
        if (at.getTime() > when.getTime() && when.getTime() <= due.getTime()) {
          await sim.at(when);
          t = new Date(sim.now);
          await apologise();
          apologised = true;
          aim = 'after_apology';
          retarget();
          at = timeOf(i);
        }
      }
      await sim.at(at);
      t = new Date(sim.now);
      await m.run();
      if (m.name === 'receive' && moves.length === i + 1) {
        await addProcessing();
        if (plan.windowEnd === 'apology' || plan.windowEnd === 'late_apology') {
          // A current dossier whose unit apologised while the specialist still holds it.
          const before = moves.findIndex((x) => x.name === 'spec_forward');
          moves.splice(before >= 0 ? before : moves.length, 0, { name: 'apology', anchor: true, w: 1, run: apologise });
        }
      }
      if (m.retarget) retarget();
      if (plan.stopAfter && m.name === plan.stopAfter) break;
    }
  };

  await sim.run(plans.map(script));
  // Stored rows are as of each dossier's last action: bring the time-dependent columns (late, due soon) up to now.
  await rebuildProjections(ctx, { actor: systemActor('seed') });
  return { dossiers: plans.length, actions, files, milliseconds: Math.round(performance.now() - t0) };
}

// The demo province's own procedure catalogue: about thirty common commune and department procedures with their
// internal processes, written for Hòa Giang from public facts (national codes and names of procedures, the usual
// documents and time limits). It is loaded through the ordinary import, so the demo exercises the same path a
// province uses, and one procedure is then amended to show versions and history.
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  exportJson,
  limitInWorkingMinutes,
  parseJsonCatalogue,
  type ChannelTerms,
  type ExportFile,
  type ExportRecord,
  type Fee,
  type ProcedureBody,
  type ProcedureLevel,
  type ProcessBody,
  type ProcessStep,
  type RequiredDocument,
  type TimeLimit,
} from '../domain/catalogue/index.js';
import { systemActor } from '../app/actor.js';
import { amendProcedure } from '../app/catalogue.js';
import { importCatalogue, type ImportReport } from '../app/catalogue-import.js';
import type { AppContext } from '../app/context.js';

const COMMUNES = ['000.00.41.H99', '000.00.42.H99', '000.00.43.H99', '000.00.44.H99', '000.00.45.H99', '000.00.46.H99'];
const CENTRE = '000.00.31.H99';
const STP = '000.00.05.H99';
const STC = '000.00.06.H99';
const SNNMT = '000.00.09.H99';
const SXD = '000.00.10.H99';

const PUBLICATION_COMMUNE = { number: '125/QĐ-UBND', date: '2025-07-01', effectiveDate: '2025-07-01' };
const PUBLICATION_PROVINCE = { number: '126/QĐ-UBND', date: '2025-07-01', effectiveDate: '2025-07-01' };
const PROCESS_APPROVAL = { number: '131/QĐ-UBND', date: '2025-07-04' };

const CITIZEN = 'Công dân Việt Nam';
const ABROAD = 'Người Việt Nam định cư ở nước ngoài';
const ORGANISATION = 'Tổ chức (không bao gồm doanh nghiệp, hợp tác xã)';
const ENTERPRISE = 'Doanh nghiệp';

const HOTICH_LAW = ['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch'];
const CHUNGTHUC_LAW = ['Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch'];
const HKD_LAW = ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp'];

const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });
const days = (amount: number): TimeLimit => ({ amount, unit: 'days' });
const sameDay: TimeLimit = { amount: 1, unit: 'same_day' };
const fee = (name: string, amountVnd: number, note: string | null = null): Fee => ({ name, amountVnd, collectedAt: 'on_submission', note });
const doc = (name: string, originals: number, copies: number, extra: Partial<RequiredDocument> = {}): RequiredDocument => ({
  name,
  originals,
  copies,
  templateFile: null,
  reusable: false,
  group: null,
  ...extra,
});
const identity = doc('Giấy tờ tùy thân có ảnh (thẻ căn cước, hộ chiếu) của người nộp hồ sơ để đối chiếu', 1, 0, { reusable: true, group: 'Giấy tờ phải xuất trình' });
const proxy = doc('Văn bản ủy quyền có chứng thực (khi nộp thay người khác)', 1, 0);

interface Spec {
  code: string;
  name: string;
  field: string;
  level: ProcedureLevel;
  units: string[];
  receiving?: string | null;
  applicants: string[];
  limit: TimeLimit;
  reduced?: TimeLimit;
  online?: 'full' | 'partial' | null;
  partial?: { reason: string; basis: string };
  postal?: boolean;
  fees?: Fee[];
  onlineFees?: Fee[];
  documents: RequiredDocument[];
  results: string[];
  law: string[];
  steps?: string[];
  agencyText?: string;
  process?: ProcessBody;
  /** Plan the process tighter than the limit (working hours). */
  processHours?: number;
}

function commonSteps(s: Spec): string[] {
  const where = s.level === 'commune' ? 'Bộ phận Một cửa của Ủy ban nhân dân cấp xã' : 'Trung tâm Phục vụ hành chính công tỉnh';
  return [
    `Bước 1: Người yêu cầu chuẩn bị hồ sơ và nộp tại ${where}${s.online ? ', qua Cổng Dịch vụ công' : ''}${s.postal === false ? '' : ' hoặc qua dịch vụ bưu chính công ích'}.`,
    'Bước 2: Cán bộ tiếp nhận kiểm tra hồ sơ; hồ sơ đủ thì cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hồ sơ chưa đủ thì hướng dẫn bổ sung một lần, đầy đủ.',
    'Bước 3: Cơ quan có thẩm quyền xem xét, giải quyết theo quy trình nội bộ đã được phê duyệt.',
    `Bước 4: Người yêu cầu nhận kết quả tại ${where}, qua bưu chính hoặc bản điện tử trên Cổng Dịch vụ công.`,
  ];
}

/** Desk → specialist → leader → desk, filling the binding limit (or, for calendar limits, its usual working time). */
function standardProcess(s: Spec): ProcessBody {
  const m = limitInWorkingMinutes(s.reduced ?? s.limit);
  const budgetHours = Math.min(s.processHours ?? Infinity, Math.floor((m.exact ?? m.typical) / 60));
  const deskIn = budgetHours <= 8 ? 1 : 2;
  const deskOut = budgetHours <= 8 ? 1 : 2;
  const leader = budgetHours <= 8 ? 2 : Math.max(4, Math.floor(budgetHours * 0.2));
  const specialist = budgetHours - deskIn - deskOut - leader;
  const worker = s.level === 'commune' || !s.units[0] ? 'receiving' : s.units[0];
  const step = (name: string, unit: string, role: ProcessStep['role'], hours: number, maySendBack: boolean): ProcessStep => ({
    name,
    unit,
    role,
    time: hours % 4 === 0 && hours >= 4 ? { amount: hours / 4, unit: 'half_days' } : { amount: hours, unit: 'working_hours' },
    maySendBack,
  });
  return {
    steps: [
      step('Tiếp nhận, kiểm tra và chuyển hồ sơ', 'receiving', 'desk', deskIn, false),
      step('Thẩm định hồ sơ, dự thảo kết quả', worker, 'specialist', specialist, true),
      step('Xem xét, ký duyệt kết quả', worker, 'leader', leader, true),
      step('Vào sổ, trả kết quả cho người yêu cầu', 'receiving', 'desk', deskOut, false),
    ],
    participants: [],
    approval: PROCESS_APPROVAL,
    note: null,
    supplementPolicy: null,
    paymentPolicy: null,
  };
}

function channel(limit: TimeLimit, reduced: TimeLimit | undefined, fees: Fee[]): ChannelTerms {
  return { timeLimit: limit, reducedTimeLimit: reduced ?? null, timeNote: null, fees };
}

function record(s: Spec): ExportRecord {
  const fees = s.fees ?? [];
  const body: ProcedureBody = {
    code: s.code,
    name: s.name,
    field: s.field,
    level: s.level,
    competentUnits: s.units,
    receivingUnit: s.receiving ?? null,
    agencyText: s.agencyText ?? null,
    applicants: s.applicants,
    steps: s.steps ?? commonSteps(s),
    channels: {
      counter: channel(s.limit, s.reduced, fees),
      online: s.online === null ? null : channel(s.limit, s.reduced, s.onlineFees ?? fees),
      postal: s.postal === false ? null : channel(s.limit, s.reduced, fees),
    },
    documents: s.documents,
    results: s.results.map((name) => ({ name, code: null })),
    onlineLevel: s.online === undefined ? 'full' : s.online,
    onlinePartialReason: s.partial?.reason ?? null,
    onlinePartialLegalBasis: s.partial?.basis ?? null,
    legalBasis: s.law,
    nationalDecision: null,
    publication: s.level === 'commune' ? PUBLICATION_COMMUNE : PUBLICATION_PROVINCE,
    source: null,
  };
  return { code: s.code, status: 'published', statusDecision: null, replacedBy: null, procedure: body, process: s.process ?? standardProcess(s) };
}

const commune = (s: Omit<Spec, 'level' | 'units'>): Spec => ({ ...s, level: 'commune', units: COMMUNES });
const department = (unit: string, s: Omit<Spec, 'level' | 'units' | 'receiving'>): Spec => ({ ...s, level: 'province', units: [unit], receiving: CENTRE });

const SPECS: Spec[] = [
  commune({
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    applicants: [CITIZEN, ABROAD],
    limit: sameDay,
    fees: [fee('Lệ phí đăng ký khai sinh', 0, 'Miễn lệ phí khi đăng ký đúng hạn')],
    documents: [
      doc('Tờ khai đăng ký khai sinh theo mẫu', 1, 0, { templateFile: 'to-khai-dang-ky-khai-sinh.docx' }),
      doc('Giấy chứng sinh do cơ sở y tế cấp; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh', 1, 0),
      proxy,
      identity,
    ],
    results: ['Giấy khai sinh (bản chính)', 'Bản sao Giấy khai sinh (nếu có yêu cầu)'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(5),
    reduced: wd(3),
    processHours: 16,
    online: 'partial',
    partial: {
      reason: 'Hai bên nam, nữ phải cùng có mặt tại cơ quan đăng ký hộ tịch để ký Giấy chứng nhận kết hôn và Sổ hộ tịch',
      basis: 'Khoản 2 Điều 18 Luật Hộ tịch số 60/2014/QH13',
    },
    fees: [fee('Lệ phí đăng ký kết hôn', 0, 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước')],
    documents: [doc('Tờ khai đăng ký kết hôn theo mẫu (hai bên có thể khai chung một tờ khai)', 1, 0, { templateFile: 'to-khai-dang-ky-ket-hon.docx' }), identity],
    results: ['Giấy chứng nhận kết hôn (mỗi bên một bản chính)'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.000656',
    name: 'Đăng ký khai tử',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: sameDay,
    fees: [fee('Lệ phí đăng ký khai tử', 0, 'Miễn lệ phí khi đăng ký đúng hạn')],
    documents: [doc('Tờ khai đăng ký khai tử theo mẫu', 1, 0, { templateFile: 'to-khai-dang-ky-khai-tu.docx' }), doc('Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử', 1, 0), proxy, identity],
    results: ['Trích lục khai tử (bản chính)'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(3),
    reduced: wd(2),
    fees: [fee('Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', 0, 'Theo nghị quyết của Hội đồng nhân dân tỉnh')],
    documents: [
      doc('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu', 1, 0, { templateFile: 'to-khai-xac-nhan-tinh-trang-hon-nhan.docx' }),
      doc('Bản án, quyết định ly hôn đã có hiệu lực hoặc giấy chứng tử của vợ/chồng (nếu đã từng kết hôn)', 0, 1),
      identity,
    ],
    results: ['Giấy xác nhận tình trạng hôn nhân'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.004884',
    name: 'Đăng ký lại khai sinh',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(5),
    reduced: wd(4),
    fees: [fee('Lệ phí đăng ký lại khai sinh', 5000)],
    documents: [
      doc('Tờ khai đăng ký lại khai sinh theo mẫu', 1, 0, { templateFile: 'to-khai-dang-ky-lai-khai-sinh.docx' }),
      doc('Bản sao giấy khai sinh cũ hoặc giấy tờ có thông tin về họ tên, ngày sinh, quê quán', 0, 1, { reusable: true }),
      identity,
    ],
    results: ['Giấy khai sinh (bản chính) có ghi "Đăng ký lại"'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.001022',
    name: 'Đăng ký nhận cha, mẹ, con',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(3),
    online: 'partial',
    partial: { reason: 'Các bên phải có mặt để ký vào Sổ hộ tịch và Trích lục đăng ký nhận cha, mẹ, con', basis: 'Điều 25 Luật Hộ tịch số 60/2014/QH13' },
    fees: [fee('Lệ phí đăng ký nhận cha, mẹ, con', 15000)],
    documents: [doc('Tờ khai đăng ký nhận cha, mẹ, con theo mẫu', 1, 0, { templateFile: 'to-khai-nhan-cha-me-con.docx' }), doc('Văn bản của cơ sở y tế hoặc cơ quan giám định xác nhận quan hệ cha, mẹ, con', 1, 0), identity],
    results: ['Trích lục đăng ký nhận cha, mẹ, con'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.004859',
    name: 'Thay đổi, cải chính, bổ sung thông tin hộ tịch',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch', 15000)],
    documents: [doc('Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu', 1, 0), doc('Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung', 0, 1), identity],
    results: ['Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '2.000635',
    name: 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh',
    field: 'Hộ tịch',
    applicants: [CITIZEN, ABROAD],
    limit: sameDay,
    fees: [fee('Phí cấp bản sao trích lục hộ tịch', 8000, 'Mỗi bản sao')],
    documents: [doc('Tờ khai cấp bản sao trích lục hộ tịch theo mẫu', 1, 0), proxy, identity],
    results: ['Bản sao trích lục hộ tịch hoặc bản sao Giấy khai sinh'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.004837',
    name: 'Đăng ký giám hộ',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký giám hộ', 0)],
    documents: [doc('Tờ khai đăng ký giám hộ theo mẫu', 1, 0), doc('Văn bản cử người giám hộ hoặc giấy tờ chứng minh điều kiện giám hộ đương nhiên', 1, 0), identity],
    results: ['Trích lục đăng ký giám hộ'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '1.004845',
    name: 'Đăng ký chấm dứt giám hộ',
    field: 'Hộ tịch',
    applicants: [CITIZEN],
    limit: wd(2),
    fees: [fee('Lệ phí đăng ký chấm dứt giám hộ', 0)],
    documents: [doc('Tờ khai đăng ký chấm dứt giám hộ theo mẫu', 1, 0), doc('Giấy tờ chứng minh điều kiện chấm dứt giám hộ', 0, 1), identity],
    results: ['Trích lục đăng ký chấm dứt giám hộ'],
    law: HOTICH_LAW,
  }),
  commune({
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    field: 'Chứng thực',
    applicants: [CITIZEN, ORGANISATION],
    limit: sameDay,
    online: null,
    postal: false,
    fees: [fee('Phí chứng thực bản sao từ bản chính', 2000, 'Mỗi trang; từ trang thứ ba thu 1.000 đồng/trang, tối đa 200.000 đồng/bản')],
    documents: [doc('Bản chính giấy tờ, văn bản cần chứng thực', 1, 0), doc('Bản sao cần chứng thực', 0, 1)],
    results: ['Bản sao được chứng thực từ bản chính'],
    law: CHUNGTHUC_LAW,
  }),
  commune({
    code: '2.000884',
    name: 'Chứng thực chữ ký trong giấy tờ, văn bản',
    field: 'Chứng thực',
    applicants: [CITIZEN],
    limit: sameDay,
    online: null,
    postal: false,
    fees: [fee('Phí chứng thực chữ ký', 10000, 'Mỗi trường hợp')],
    documents: [doc('Giấy tờ, văn bản sẽ ký', 1, 0), identity],
    results: ['Giấy tờ, văn bản đã được chứng thực chữ ký'],
    law: CHUNGTHUC_LAW,
  }),
  commune({
    code: '2.001035',
    name: 'Chứng thực hợp đồng, giao dịch về động sản, quyền sử dụng đất, nhà ở',
    field: 'Chứng thực',
    applicants: [CITIZEN, ORGANISATION],
    limit: wd(2),
    online: null,
    postal: false,
    fees: [fee('Phí chứng thực hợp đồng, giao dịch', 50000)],
    documents: [doc('Dự thảo hợp đồng, giao dịch', 1, 0), doc('Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở hoặc giấy tờ về tài sản', 0, 1), identity],
    results: ['Hợp đồng, giao dịch được chứng thực'],
    law: CHUNGTHUC_LAW,
  }),
  commune({
    code: '2.001019',
    name: 'Chứng thực di chúc',
    field: 'Chứng thực',
    applicants: [CITIZEN],
    limit: wd(2),
    online: null,
    postal: false,
    fees: [fee('Phí chứng thực di chúc', 50000)],
    documents: [doc('Dự thảo di chúc', 1, 0), doc('Giấy tờ về tài sản để lại (nếu di chúc định đoạt tài sản)', 0, 1), identity],
    results: ['Di chúc được chứng thực'],
    law: CHUNGTHUC_LAW,
  }),
  commune({
    code: '1.001612',
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký hộ kinh doanh', 100000)],
    onlineFees: [fee('Lệ phí đăng ký hộ kinh doanh', 50000, 'Giảm 50 % khi nộp trực tuyến')],
    documents: [doc('Giấy đề nghị đăng ký hộ kinh doanh theo mẫu', 1, 0, { templateFile: 'giay-de-nghi-dang-ky-ho-kinh-doanh.docx' }), doc('Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có)', 0, 1), identity],
    results: ['Giấy chứng nhận đăng ký hộ kinh doanh'],
    law: HKD_LAW,
  }),
  commune({
    code: '2.000720',
    name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký thay đổi nội dung hộ kinh doanh', 50000)],
    documents: [doc('Thông báo thay đổi nội dung đăng ký hộ kinh doanh theo mẫu', 1, 0), doc('Giấy chứng nhận đăng ký hộ kinh doanh đã cấp', 1, 0, { reusable: true })],
    results: ['Giấy chứng nhận đăng ký hộ kinh doanh (cấp mới theo nội dung thay đổi)'],
    law: HKD_LAW,
  }),
  commune({
    code: '1.001266',
    name: 'Chấm dứt hoạt động hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí', 0)],
    documents: [doc('Thông báo chấm dứt hoạt động hộ kinh doanh theo mẫu', 1, 0), doc('Giấy xác nhận đã hoàn thành nghĩa vụ thuế', 0, 1)],
    results: ['Thông báo về việc chấm dứt hoạt động hộ kinh doanh'],
    law: HKD_LAW,
  }),
  commune({
    code: '1.002211',
    name: 'Công nhận hòa giải viên',
    field: 'Hòa giải ở cơ sở',
    applicants: [CITIZEN],
    limit: wd(5),
    online: null,
    fees: [],
    documents: [doc('Biên bản bầu hòa giải viên của thôn, tổ dân phố', 1, 0)],
    results: ['Quyết định công nhận hòa giải viên'],
    law: ['Luật Hòa giải ở cơ sở số 35/2013/QH13', 'Nghị định số 15/2014/NĐ-CP'],
  }),
  commune({
    code: '1.013225',
    name: 'Cấp giấy phép xây dựng mới nhà ở riêng lẻ và công trình cấp III, cấp IV',
    field: 'Hoạt động xây dựng',
    applicants: [CITIZEN, ORGANISATION, ENTERPRISE],
    limit: days(20),
    reduced: days(15),
    fees: [fee('Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', 75000), fee('Lệ phí cấp giấy phép xây dựng công trình khác', 150000)],
    documents: [
      doc('Đơn đề nghị cấp giấy phép xây dựng theo mẫu', 1, 0, { templateFile: 'don-de-nghi-cap-giay-phep-xay-dung.docx' }),
      doc('Giấy tờ chứng minh quyền sử dụng đất', 0, 1, { reusable: true }),
      doc('Hai bộ bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)', 2, 0),
    ],
    results: ['Giấy phép xây dựng'],
    law: ['Luật Xây dựng số 50/2014/QH13 (sửa đổi, bổ sung năm 2020)', 'Nghị định số 175/2024/NĐ-CP'],
  }),
  commune({
    code: '1.011607',
    name: 'Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm',
    field: 'Giảm nghèo',
    applicants: [CITIZEN],
    limit: days(15),
    online: null,
    fees: [],
    documents: [doc('Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo theo mẫu', 1, 0)],
    results: ['Quyết định công nhận và Giấy chứng nhận hộ nghèo, hộ cận nghèo'],
    law: ['Nghị định số 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều', 'Quyết định số 24/2021/QĐ-TTg'],
  }),
  commune({
    code: '1.012812',
    name: 'Hòa giải tranh chấp đất đai',
    field: 'Đất đai',
    applicants: [CITIZEN, ORGANISATION],
    limit: days(30),
    online: 'partial',
    partial: { reason: 'Các bên tranh chấp phải tham dự phiên hòa giải tại Ủy ban nhân dân cấp xã', basis: 'Điều 235 Luật Đất đai số 31/2024/QH15' },
    fees: [],
    documents: [doc('Đơn yêu cầu hòa giải tranh chấp đất đai', 1, 0), doc('Giấy tờ liên quan đến thửa đất tranh chấp (nếu có)', 0, 1)],
    results: ['Biên bản hòa giải thành hoặc hòa giải không thành'],
    law: ['Luật Đất đai số 31/2024/QH15', 'Nghị định số 102/2024/NĐ-CP'],
  }),
  department(STP, {
    code: '1.002099',
    name: 'Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư',
    field: 'Luật sư',
    applicants: [ORGANISATION],
    limit: wd(7),
    reduced: wd(5),
    fees: [fee('Lệ phí đăng ký hoạt động chi nhánh', 100000)],
    documents: [doc('Giấy đề nghị đăng ký hoạt động của chi nhánh theo mẫu', 1, 0), doc('Quyết định thành lập chi nhánh', 1, 0), doc('Giấy tờ chứng minh trụ sở của chi nhánh', 0, 1)],
    results: ['Giấy đăng ký hoạt động của chi nhánh'],
    law: ['Luật Luật sư số 65/2006/QH11 (sửa đổi, bổ sung năm 2012)'],
  }),
  department(STP, {
    code: '1.002153',
    name: 'Đăng ký hành nghề luật sư với tư cách cá nhân',
    field: 'Luật sư',
    applicants: [CITIZEN],
    limit: wd(7),
    fees: [fee('Lệ phí đăng ký hành nghề', 100000)],
    documents: [doc('Giấy đề nghị đăng ký hành nghề luật sư với tư cách cá nhân', 1, 0), doc('Hợp đồng lao động với cơ quan, tổ chức', 0, 1), doc('Chứng chỉ hành nghề luật sư', 0, 1, { reusable: true })],
    results: ['Giấy đăng ký hành nghề luật sư với tư cách cá nhân'],
    law: ['Luật Luật sư số 65/2006/QH11 (sửa đổi, bổ sung năm 2012)'],
  }),
  department(STP, {
    code: '2.000829',
    name: 'Yêu cầu trợ giúp pháp lý',
    field: 'Trợ giúp pháp lý',
    applicants: [CITIZEN],
    limit: sameDay,
    fees: [fee('Không thu phí', 0)],
    documents: [doc('Đơn yêu cầu trợ giúp pháp lý theo mẫu', 1, 0), doc('Giấy tờ chứng minh thuộc diện được trợ giúp pháp lý', 0, 1, { reusable: true })],
    results: ['Văn bản thụ lý và phân công người thực hiện trợ giúp pháp lý'],
    law: ['Luật Trợ giúp pháp lý số 11/2017/QH14'],
  }),
  department(STP, {
    code: '1.013834',
    name: 'Thành lập Văn phòng công chứng',
    field: 'Công chứng',
    applicants: [CITIZEN],
    limit: wd(15),
    reduced: wd(10),
    fees: [fee('Phí thẩm định điều kiện thành lập Văn phòng công chứng', 1000000)],
    documents: [doc('Đơn đề nghị thành lập Văn phòng công chứng', 1, 0), doc('Đề án thành lập Văn phòng công chứng', 1, 0), doc('Quyết định bổ nhiệm công chứng viên', 0, 1)],
    results: ['Quyết định cho phép thành lập Văn phòng công chứng'],
    law: ['Luật Công chứng số 46/2024/QH15'],
  }),
  department(STP, {
    code: '1.000627',
    name: 'Đăng ký hoạt động của Trung tâm tư vấn pháp luật',
    field: 'Tư vấn pháp luật',
    applicants: [ORGANISATION],
    limit: wd(5),
    fees: [],
    documents: [doc('Đơn đăng ký hoạt động theo mẫu', 1, 0), doc('Quyết định thành lập Trung tâm tư vấn pháp luật', 0, 1)],
    results: ['Giấy đăng ký hoạt động của Trung tâm tư vấn pháp luật'],
    law: ['Nghị định số 77/2008/NĐ-CP về tư vấn pháp luật'],
  }),
  department(SXD, {
    code: '1.013236',
    name: 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II',
    field: 'Hoạt động xây dựng',
    applicants: [ORGANISATION, ENTERPRISE],
    limit: days(20),
    fees: [fee('Lệ phí cấp giấy phép xây dựng công trình', 150000)],
    documents: [
      doc('Đơn đề nghị cấp giấy phép xây dựng theo mẫu', 1, 0, { templateFile: 'don-de-nghi-cap-giay-phep-xay-dung.docx' }),
      doc('Giấy tờ chứng minh quyền sử dụng đất', 0, 1, { reusable: true }),
      doc('Văn bản thông báo kết quả thẩm định thiết kế của cơ quan chuyên môn về xây dựng', 0, 1),
      doc('Hai bộ bản vẽ thiết kế xây dựng', 2, 0),
    ],
    results: ['Giấy phép xây dựng'],
    law: ['Luật Xây dựng số 50/2014/QH13 (sửa đổi, bổ sung năm 2020)', 'Nghị định số 175/2024/NĐ-CP'],
  }),
  department(STC, {
    code: '2.001610',
    name: 'Đăng ký thành lập doanh nghiệp tư nhân',
    field: 'Thành lập và hoạt động của doanh nghiệp',
    applicants: [CITIZEN],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký doanh nghiệp', 50000), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    onlineFees: [fee('Lệ phí đăng ký doanh nghiệp', 0, 'Miễn lệ phí khi đăng ký qua mạng điện tử'), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    documents: [doc('Giấy đề nghị đăng ký doanh nghiệp tư nhân theo mẫu', 1, 0, { templateFile: 'giay-de-nghi-dang-ky-dntn.docx' }), identity],
    results: ['Giấy chứng nhận đăng ký doanh nghiệp'],
    law: ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp'],
  }),
  department(STC, {
    code: '2.001583',
    name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên',
    field: 'Thành lập và hoạt động của doanh nghiệp',
    applicants: [CITIZEN, ORGANISATION, ENTERPRISE],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký doanh nghiệp', 50000), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    onlineFees: [fee('Lệ phí đăng ký doanh nghiệp', 0, 'Miễn lệ phí khi đăng ký qua mạng điện tử'), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    documents: [doc('Giấy đề nghị đăng ký doanh nghiệp theo mẫu', 1, 0), doc('Điều lệ công ty', 1, 0), doc('Giấy tờ pháp lý của chủ sở hữu', 0, 1, { reusable: true })],
    results: ['Giấy chứng nhận đăng ký doanh nghiệp'],
    law: ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp'],
  }),
  department(STC, {
    code: '2.002043',
    name: 'Đăng ký thành lập công ty cổ phần',
    field: 'Thành lập và hoạt động của doanh nghiệp',
    applicants: [CITIZEN, ORGANISATION, ENTERPRISE],
    limit: wd(3),
    fees: [fee('Lệ phí đăng ký doanh nghiệp', 50000), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    onlineFees: [fee('Lệ phí đăng ký doanh nghiệp', 0, 'Miễn lệ phí khi đăng ký qua mạng điện tử'), fee('Phí công bố nội dung đăng ký doanh nghiệp', 100000)],
    documents: [doc('Giấy đề nghị đăng ký doanh nghiệp theo mẫu', 1, 0), doc('Điều lệ công ty', 1, 0), doc('Danh sách cổ đông sáng lập', 1, 0), doc('Giấy tờ pháp lý của các cổ đông sáng lập', 0, 1)],
    results: ['Giấy chứng nhận đăng ký doanh nghiệp'],
    law: ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp'],
  }),
  department(SNNMT, {
    code: '1.012786',
    name: 'Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất',
    field: 'Đất đai',
    applicants: [CITIZEN, ORGANISATION],
    limit: wd(10),
    reduced: wd(7),
    online: 'partial',
    partial: { reason: 'Phải niêm yết thông báo mất Giấy chứng nhận tại Ủy ban nhân dân cấp xã trong 15 ngày trước khi cấp lại', basis: 'Nghị định số 101/2024/NĐ-CP' },
    fees: [fee('Lệ phí cấp lại Giấy chứng nhận', 50000)],
    documents: [doc('Đơn đề nghị cấp lại Giấy chứng nhận theo mẫu', 1, 0), doc('Giấy xác nhận của Ủy ban nhân dân cấp xã về việc đã niêm yết thông báo mất giấy', 1, 0)],
    results: ['Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất'],
    law: ['Luật Đất đai số 31/2024/QH15', 'Nghị định số 101/2024/NĐ-CP'],
  }),
  department(SNNMT, {
    code: '1.012784',
    name: 'Tách thửa hoặc hợp thửa đất',
    field: 'Đất đai',
    applicants: [CITIZEN, ORGANISATION],
    limit: wd(12),
    fees: [fee('Lệ phí cấp Giấy chứng nhận', 50000)],
    documents: [doc('Đơn đề nghị tách thửa, hợp thửa đất theo mẫu', 1, 0), doc('Bản vẽ tách thửa, hợp thửa đất do đơn vị đo đạc lập', 1, 0), doc('Giấy chứng nhận đã cấp', 1, 0, { reusable: true })],
    results: ['Giấy chứng nhận cho các thửa đất mới'],
    law: ['Luật Đất đai số 31/2024/QH15', 'Nghị định số 101/2024/NĐ-CP'],
  }),
  {
    code: '1.013823',
    name: 'Giao đất, cho thuê đất, chuyển mục đích sử dụng đất (thẩm quyền cấp tỉnh)',
    field: 'Đất đai',
    level: 'inter_agency',
    units: [SNNMT, STC],
    receiving: CENTRE,
    agencyText: 'Sở Nông nghiệp và Môi trường chủ trì, phối hợp Sở Tài chính xác định nghĩa vụ tài chính',
    applicants: [ORGANISATION, ENTERPRISE],
    limit: days(15),
    online: 'partial',
    partial: { reason: 'Phải kiểm tra thực địa khu đất và bàn giao đất trên thực địa', basis: 'Luật Đất đai số 31/2024/QH15; Nghị định số 102/2024/NĐ-CP' },
    fees: [fee('Phí thẩm định hồ sơ', 0, 'Theo nghị quyết của Hội đồng nhân dân tỉnh')],
    documents: [doc('Đơn xin giao đất, cho thuê đất, chuyển mục đích sử dụng đất theo mẫu', 1, 0), doc('Văn bản chấp thuận chủ trương đầu tư hoặc giấy tờ về dự án', 0, 1), doc('Trích lục bản đồ địa chính khu đất', 1, 0)],
    results: ['Quyết định giao đất, cho thuê đất hoặc cho phép chuyển mục đích sử dụng đất'],
    law: ['Luật Đất đai số 31/2024/QH15', 'Nghị định số 102/2024/NĐ-CP'],
    process: {
      steps: [
        { name: 'Tiếp nhận hồ sơ, chuyển Sở Nông nghiệp và Môi trường', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'half_days' }, maySendBack: false },
        { name: 'Thẩm định hồ sơ, kiểm tra thực địa, trình phương án', unit: SNNMT, role: 'specialist', time: { amount: 8, unit: 'half_days' }, maySendBack: true },
        { name: 'Xác định giá đất và nghĩa vụ tài chính', unit: STC, role: 'specialist', time: { amount: 4, unit: 'half_days' }, maySendBack: true },
        { name: 'Lãnh đạo Sở xem xét, trình Ủy ban nhân dân tỉnh', unit: SNNMT, role: 'leader', time: { amount: 2, unit: 'half_days' }, maySendBack: true },
        { name: 'Trả kết quả', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'half_days' }, maySendBack: false },
      ],
      participants: [
        { agency: SNNMT, task: 'Chủ trì thẩm định, trình quyết định giao đất, cho thuê đất', time: { amount: 10, unit: 'half_days' }, lead: true },
        { agency: STC, task: 'Xác định giá đất, nghĩa vụ tài chính về đất đai', time: { amount: 4, unit: 'half_days' }, lead: false },
      ],
      approval: PROCESS_APPROVAL,
      note: 'Thời gian trình và ký quyết định của Ủy ban nhân dân tỉnh tính trong phần của Sở Nông nghiệp và Môi trường.',
      // The approved process sends the scanned dossier to both departments at once; without this the parts would run
      // one after another (the default).
      interAgencyDispatch: 'parallel',
      // Land law leaves the time the applicant spends paying land levies out of the limit.
      supplementPolicy: 'restart',
      paymentPolicy: 'pause',
    },
  },
];

/** The demo catalogue as our own export format. */
export function demoCatalogue(): ExportFile {
  return { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, procedures: SPECS.map(record) };
}

/** Loads the demo catalogue (needs the demo units), then amends one procedure so history has two versions. */
export async function seedDemoCatalogue(ctx: AppContext): Promise<ImportReport> {
  const sys = systemActor('seed');
  const parsed = parseJsonCatalogue(exportJson(demoCatalogue()));
  const report = await importCatalogue(ctx, sys, parsed, { fileName: 'demo-catalogue' });
  if (!report.applied) {
    const why = report.records.filter((r) => r.outcome === 'rejected').map((r) => `${r.code}: ${r.problems.map((p) => `${p.path} ${p.message.en}`).join('; ')}`);
    throw new Error(`the demo catalogue does not import: ${[...report.fileProblems.map((p) => p.message.en), ...why].join(' | ')}`);
  }
  // The province later cut the marriage registration limit again; the process (2 working days) still fits.
  await amendProcedure(ctx, sys, '1.000894', { number: '18/QĐ-UBND', date: '2026-01-12', effectiveDate: '2026-01-15' }, {
    channels: {
      counter: { timeLimit: wd(5), reducedTimeLimit: wd(2), timeNote: null, fees: [fee('Lệ phí đăng ký kết hôn', 0, 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước')] },
      online: { timeLimit: wd(5), reducedTimeLimit: wd(2), timeNote: null, fees: [fee('Lệ phí đăng ký kết hôn', 0, 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước')] },
      postal: { timeLimit: wd(5), reducedTimeLimit: wd(2), timeNote: null, fees: [fee('Lệ phí đăng ký kết hôn', 0, 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước')] },
    },
  });
  return report;
}

export const DEMO_CATALOGUE_SIZE = SPECS.length;

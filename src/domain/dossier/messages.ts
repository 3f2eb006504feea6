// What the applicant is told when something happens to their dossier: the receipt, a request for a supplement,
// a refusal, an apology with the new appointment, the result ready, the result returned. Pure templates: the
// application queues them in the outbox in the same transaction as the action that caused them.
//
// Decision: the SMS text is written without diacritics. Brandname SMS in Vietnam is billed per 160-character
// segment only for plain GSM text; with diacritics a segment holds 70 characters and costs two to three times more,
// and a province sends hundreds of thousands of these. E-mail keeps full Vietnamese text.
import { formatVnInstant } from '../calendar/index.js';
import type { DossierAction } from './types.js';

export type ApplicantMessageKind =
  | 'submitted'
  | 'receipt'
  | 'supplement_request'
  | 'supplement_received'
  | 'payment_request'
  | 'payment_recorded'
  | 'refusal'
  | 'apology'
  | 'result_ready'
  | 'returned'
  | 'withdrawn'
  | 'withdrawal_declined'
  | 'stopped';

export interface ApplicantMessage {
  kind: ApplicantMessageKind;
  subject: string;
  /** E-mail body, in Vietnamese with diacritics. */
  body: string;
  /** SMS text, without diacritics, kept short. */
  sms: string;
}

export interface MessageContext {
  code: string | null;
  procedureName: string;
  applicantName: string;
  /** The appointment as it stands after the action (null when there is none, or while it is to be recounted). */
  dueAt: Date | null;
  /** Waiting for a supplement under the restart policy: the appointment is recounted when the supplement arrives. */
  dueRecounted?: boolean;
  /** Where the applicant can follow the dossier: the public tracking page with its token. */
  trackingUrl: string | null;
  /** The unit that returns the result (the receiving desk). */
  deskName: string | null;
  /** Before a code is issued: the submission's reference the applicant can quote. */
  reference?: string | null;
  /** The action ended the submission as withdrawn (a withdrawal before reception). */
  withdrawn?: boolean;
}

/** "14:30 ngày 25/11/2026" in Vietnam time. */
export function vnTimeAndDate(at: Date): string {
  const s = formatVnInstant(at);
  return `${s.slice(11, 16)} ngày ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

const MARKS = /[\u0300-\u036f]/g;

/** Plain text for SMS: diacritics removed, đ/Đ → d/D, white space collapsed. */
export function smsText(input: string): string {
  return input.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/\s+/g, ' ').trim();
}

function list(items: readonly string[]): string {
  return items.map((i, n) => `${n + 1}. ${i}`).join('\n');
}

/**
 * The message for an action, or null when the applicant is not told of it (internal hand-overs, consultations,
 * approvals: those show on the tracking page instead).
 */
export function applicantMessageFor(action: DossierAction, c: MessageContext): ApplicantMessage | null {
  const ref = c.code ? `Hồ sơ ${c.code}` : 'Hồ sơ của ông/bà';
  const refLower = c.code ? `hồ sơ ${c.code}` : 'hồ sơ của ông/bà';
  const refSms = c.code ? `HS ${c.code}` : 'Ho so';
  const track = c.trackingUrl ? `\nTheo dõi hồ sơ: ${c.trackingUrl}` : '';
  const trackSms = c.trackingUrl ? ` Tra cuu: ${c.trackingUrl}` : '';
  const greeting = `Kính gửi ông/bà ${c.applicantName},\n\n`;
  const footer = `\n\nĐây là thư tự động của hệ thống Một Cửa; xin không trả lời thư này.`;
  const make = (kind: ApplicantMessageKind, subject: string, text: string, sms: string): ApplicantMessage => ({
    kind,
    subject: `[Một Cửa] ${subject}`,
    body: `${greeting}${text}${track}${footer}`,
    sms: smsText(`${sms}${trackSms}`),
  });
  const due = c.dueAt ? vnTimeAndDate(c.dueAt) : null;

  const vnd = (n: number) => `${n.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
  switch (action.type) {
    case 'submit_online':
      return make(
        'submitted',
        `${ref} đã được gửi, chờ tiếp nhận`,
        `Hệ thống đã nhận hồ sơ trực tuyến của ông/bà (${c.procedureName})${c.code ? `, mã hồ sơ ${c.code}` : c.reference ? `, số tham chiếu ${c.reference}` : ''}. Bộ phận một cửa sẽ kiểm tra và thông báo việc tiếp nhận.`,
        `Da nhan ho so truc tuyen${c.code ? ` ${c.code}` : c.reference ? ` so tham chieu ${c.reference}` : ''}, cho tiep nhan.`,
      );
    case 'request_payment': {
      const total = action.payload.items.reduce((a, i) => a + i.amountVnd, 0);
      return make(
        'payment_request',
        `${ref} cần thực hiện nghĩa vụ tài chính`,
        `${ref} (${c.procedureName}) cần nộp các khoản sau:\n${list(action.payload.items.map((i) => `${i.name}: ${vnd(i.amountVnd)}`))}\nTổng cộng: ${vnd(total)}.` +
          `${action.payload.note ? `\nGhi chú: ${action.payload.note}` : ''}\nHồ sơ được giải quyết tiếp khi đã nộp đủ, tại ${c.deskName ?? 'bộ phận một cửa'} hoặc trực tuyến.`,
        `${refSms} can nop ${vnd(total)}.`,
      );
    }
    case 'payment_recorded':
      return make(
        'payment_recorded',
        `${ref} đã ghi nhận nộp tiền`,
        `Đã ghi nhận ông/bà nộp ${vnd(action.payload.amountVnd)} cho ${refLower} (${c.procedureName})${action.payload.receipt ? `, biên lai ${action.payload.receipt}` : ''}.${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
        `${refSms} da ghi nhan nop ${vnd(action.payload.amountVnd)}.${due ? ` Hen tra ${due}.` : ''}`,
      );
    case 'request_withdrawal':
      // Before reception the applicant's own withdrawal ends the submission; during processing a leader decides
      // (then `stop` or `decline_withdrawal` tells the applicant).
      return c.withdrawn
        ? make('withdrawn', `${ref} đã được rút`, `Hồ sơ trực tuyến của ông/bà (${c.procedureName}) đã được rút theo đề nghị của ông/bà, trước khi tiếp nhận.`, `Ho so truc tuyen da duoc rut theo de nghi cua ong/ba.`)
        : null;
    case 'decline_withdrawal':
      return make(
        'withdrawal_declined',
        `Đề nghị rút ${refLower} không được chấp nhận`,
        `Đề nghị rút ${refLower} (${c.procedureName}) không được chấp nhận; hồ sơ tiếp tục được giải quyết.\nLý do: ${action.payload.reason}${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
        `De nghi rut ${refSms} khong duoc chap nhan. Ly do: ${truncate(action.payload.reason, 60)}.`,
      );
    case 'receive':
      return make(
        'receipt',
        `${ref} đã được tiếp nhận`,
        `${ref} (${c.procedureName}) đã được tiếp nhận.${due ? `\nNgày hẹn trả kết quả: ${due}.` : ''}`,
        `${refSms} da duoc tiep nhan.${due ? ` Hen tra ket qua ${due}.` : ''}`,
      );
    case 'request_supplement_before_reception':
    case 'request_supplement': {
      const p = action.payload;
      return make(
        'supplement_request',
        `${ref} cần bổ sung, hoàn thiện`,
        `${ref} (${c.procedureName}) cần được bổ sung, hoàn thiện.\nLý do: ${p.reason}\nNội dung cần bổ sung:\n${list(p.items)}\n` +
          `Ông/bà nộp phần bổ sung tại ${c.deskName ?? 'bộ phận một cửa'} hoặc trực tuyến.` +
          (c.dueRecounted ? '\nThời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ bổ sung; ngày hẹn trả mới sẽ được thông báo.' : ''),
        `${refSms} can bo sung ${p.items.length} noi dung. Ly do: ${truncate(p.reason, 60)}.`,
      );
    }
    case 'supplement_received': {
      // Only during processing, where there is an appointment to announce (an online resubmission has none).
      if (!due) return null;
      return make(
        'supplement_received',
        `${ref} đã nhận đủ hồ sơ bổ sung`,
        `${ref} (${c.procedureName}) đã nhận đủ hồ sơ bổ sung và tiếp tục được giải quyết.\nNgày hẹn trả kết quả: ${due}.`,
        `${refSms} da nhan du ho so bo sung. Hen tra ket qua ${due}.`,
      );
    }
    case 'refuse_reception':
    case 'refuse_after_examination':
      return make(
        'refusal',
        `${ref} không được giải quyết`,
        `${ref} (${c.procedureName}) không được ${action.type === 'refuse_reception' ? 'tiếp nhận' : 'giải quyết'}.\nLý do: ${action.payload.reasons}`,
        `${refSms} khong duoc ${action.type === 'refuse_reception' ? 'tiep nhan' : 'giai quyet'}. Ly do: ${truncate(action.payload.reasons, 60)}.`,
      );
    case 'apologise': {
      const p = action.payload;
      return make(
        'apology',
        `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${c.code ?? ''}`.trim(),
        `Cơ quan giải quyết chân thành xin lỗi ông/bà vì ${refLower} (${c.procedureName}) chưa có kết quả đúng hẹn.\n` +
          `Lý do: ${p.reason}\nNgày hẹn trả kết quả mới: ${vnTimeAndDate(p.newDueAt)}.`,
        `Xin loi ong/ba: ${refSms} cham tra ket qua. Hen lai ${vnTimeAndDate(p.newDueAt)}.`,
      );
    }
    case 'finish':
      return make(
        'result_ready',
        `${ref} đã có kết quả`,
        `${ref} (${c.procedureName}) đã có kết quả. Ông/bà nhận kết quả tại ${c.deskName ?? 'bộ phận một cửa'}${due ? ` (ngày hẹn: ${due})` : ''}, mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.`,
        `${refSms} da co ket qua. Moi ong/ba nhan tai ${c.deskName ?? 'bo phan mot cua'}.`,
      );
    case 'return_result': {
      const how = { counter: 'tại bộ phận một cửa', post: 'qua dịch vụ bưu chính', online: 'trực tuyến (bản điện tử)' }[action.payload.method];
      return make('returned', `${ref} đã trả kết quả`, `Kết quả ${refLower} (${c.procedureName}) đã được trả ${how}.`, `${refSms} da tra ket qua ${smsText(how)}.`);
    }
    case 'stop':
      return make('stopped', `${ref} đã dừng xử lý`, `${ref} (${c.procedureName}) đã dừng xử lý.\nLý do: ${action.payload.reason}`, `${refSms} da dung xu ly. Ly do: ${truncate(action.payload.reason, 60)}.`);
    default:
      return null;
  }
}

function truncate(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
}

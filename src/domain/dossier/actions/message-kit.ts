// The pieces every applicant message is built from (actions/*.ts write their own text with them).
//
// Decision: the SMS text is written without diacritics. Brandname SMS in Vietnam is billed per 160-character
// segment only for plain GSM text; with diacritics a segment holds 70 characters and costs two to three times more,
// and a province sends hundreds of thousands of these. E-mail keeps full Vietnamese text.
import { formatVnInstant } from '../../calendar/index.js';

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

export function list(items: readonly string[]): string {
  return items.map((i, n) => `${n + 1}. ${i}`).join('\n');
}

export function truncate(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
}

export const vnd = (n: number) => `${n.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;

/** The context of one message, with the phrases every template shares. */
export interface MessageKit {
  c: MessageContext;
  /** "Hồ sơ 000.00.00.H53-…" or "Hồ sơ của ông/bà" before a code exists; `refLower` mid-sentence; `refSms` for SMS. */
  ref: string;
  refLower: string;
  refSms: string;
  /** The appointment after the action, as "14:30 ngày 25/11/2026", or null. */
  due: string | null;
  make(kind: ApplicantMessageKind, subject: string, text: string, sms: string): ApplicantMessage;
}

export function messageKit(c: MessageContext): MessageKit {
  const track = c.trackingUrl ? `\nTheo dõi hồ sơ: ${c.trackingUrl}` : '';
  const trackSms = c.trackingUrl ? ` Tra cuu: ${c.trackingUrl}` : '';
  const greeting = `Kính gửi ông/bà ${c.applicantName},\n\n`;
  const footer = `\n\nĐây là thư tự động của hệ thống Một Cửa; xin không trả lời thư này.`;
  return {
    c,
    ref: c.code ? `Hồ sơ ${c.code}` : 'Hồ sơ của ông/bà',
    refLower: c.code ? `hồ sơ ${c.code}` : 'hồ sơ của ông/bà',
    refSms: c.code ? `HS ${c.code}` : 'Ho so',
    due: c.dueAt ? vnTimeAndDate(c.dueAt) : null,
    make: (kind, subject, text, sms) => ({
      kind,
      subject: `[Một Cửa] ${subject}`,
      body: `${greeting}${text}${track}${footer}`,
      sms: smsText(`${sms}${trackSms}`),
    }),
  };
}

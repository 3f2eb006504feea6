// A printed administrative form (receipt, supplement request, refusal, apology, stop notice, control slip, tracking
// book) as plain data. Builders fill it from a dossier; the HTTP layer renders the same document as PDF and as
// printable HTML, so the two can never say different things.

export interface FormHeader {
  /** Left block: the issuing body, e.g. ['UBND TỈNH HÒA GIANG', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG']. */
  agencyLines: string[];
  /** Number line under the agency, e.g. 'Số: 000.00.31.H99-261123-0001'. */
  reference?: string;
  /** Place and date line on the right, e.g. 'Hòa Giang, ngày 23 tháng 11 năm 2026'. */
  placeAndDate?: string;
}

export type FormBlock =
  | { kind: 'paragraph'; text: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' | 'right' }
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; columns: { title: string; width: number }[]; rows: string[][] }
  | { kind: 'signatures'; blocks: { title: string; note?: string; name?: string }[] }
  | { kind: 'qr'; text: string; caption: string };

export interface FormDocument {
  /** Form number as printed in the corner, e.g. 'Mẫu số 01'. */
  formNumber: string;
  title: string;
  subtitle?: string;
  header: FormHeader;
  blocks: FormBlock[];
  /** A4 portrait by default; the tracking book is landscape. */
  landscape?: boolean;
  /** File name without extension. */
  fileName: string;
}

export const NATIONAL_MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;

/** 'ngày 23 tháng 11 năm 2026' for a plain date 'YYYY-MM-DD', as Vietnamese administrative documents write it. */
export function vietnameseLongDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

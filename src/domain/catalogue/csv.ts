// CSV (RFC 4180) reading and writing, and the UTF-8 check import files go through first.
import type { Bilingual } from '../errors.js';

/** Offset of the first byte that is not part of valid UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated sequence at the end
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Why the bytes cannot be read as UTF-8 text, or null when they can. */
export function utf8Problem(bytes: Uint8Array): Bilingual | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return {
      vi: 'Tệp được mã hóa UTF-16; hãy lưu lại với mã hóa UTF-8',
      en: 'The file is encoded as UTF-16; save it again as UTF-8',
    };
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  return {
    vi: `Tệp không phải văn bản UTF-8: byte 0x${hex} không hợp lệ ở vị trí ${at} (dòng ${line}); hãy lưu lại tệp với mã hóa UTF-8`,
    en: `The file is not UTF-8 text: invalid byte 0x${hex} at offset ${at} (line ${line}); save the file as UTF-8`,
  };
}

/** Decodes UTF-8 and drops a leading byte-order mark. Call utf8Problem first. */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface CsvTable {
  rows: string[][];
  /** Line number (1-based) where each row starts, for messages. */
  lines: number[];
}

/** Parses RFC 4180 CSV (comma, double quotes, CRLF or LF). Throws a bilingual message on malformed quoting. */
export function parseCsv(text: string): CsvTable {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellStarted = false;
  let afterQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cellStarted || afterQuote) throw new CsvError(line, { vi: 'dấu nháy kép nằm giữa một ô không được đặt trong nháy', en: 'a double quote inside an unquoted cell' });
      quoted = true;
      cellStarted = true;
      continue;
    }
    if (ch === ',') {
      row.push(cell);
      cell = '';
      cellStarted = false;
      afterQuote = false;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      cell = '';
      cellStarted = false;
      afterQuote = false;
      line++;
      rowLine = line;
      continue;
    }
    if (afterQuote) throw new CsvError(line, { vi: 'có ký tự sau dấu nháy kép đóng ô', en: 'characters after the closing double quote of a cell' });
    cell += ch;
    cellStarted = true;
  }
  if (quoted) throw new CsvError(rowLine, { vi: 'ô bắt đầu bằng dấu nháy kép không được đóng', en: 'a quoted cell is never closed' });
  if (cellStarted || afterQuote || row.length > 0) {
    row.push(cell);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: Bilingual,
  ) {
    super(`CSV line ${line}: ${reason.en}`);
  }
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

export function csvCell(v: string): string {
  return needsQuotes.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text with CRLF line ends and a byte-order mark, which spreadsheet programs need to read UTF-8. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

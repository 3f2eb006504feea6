// Turning loosely typed input (an API body, an import record, a stored jsonb) into the catalogue's exact shapes.
// Every problem is collected with its path and a reason in both languages, so one pass reports all of them.
import type { Bilingual, FieldError } from '../errors.js';

export const reason = {
  required: { vi: 'bắt buộc phải có', en: 'is required' },
  text: { vi: 'phải là chuỗi ký tự', en: 'must be text' },
  number: { vi: 'phải là một số', en: 'must be a number' },
  integer: { vi: 'phải là số nguyên', en: 'must be a whole number' },
  boolean: { vi: 'phải là đúng (true) hoặc sai (false)', en: 'must be true or false' },
  list: { vi: 'phải là một danh sách', en: 'must be a list' },
  object: { vi: 'phải là một đối tượng có các trường', en: 'must be an object with fields' },
  unknownField: { vi: 'không phải là trường được hỗ trợ', en: 'is not a supported field' },
  tooLong: (max: number): Bilingual => ({ vi: `dài quá ${max} ký tự`, en: `is longer than ${max} characters` }),
  atLeast: (min: number): Bilingual => ({ vi: `phải từ ${min} trở lên`, en: `must be at least ${min}` }),
  atMost: (max: number): Bilingual => ({ vi: `không được lớn hơn ${max}`, en: `must not exceed ${max}` }),
  oneOf: (values: readonly string[]): Bilingual => ({ vi: `phải là một trong: ${values.join(', ')}`, en: `must be one of: ${values.join(', ')}` }),
};

const SPACE_RE = /[ \t\n\r\f\v\u00a0]+/g;

/** One pass over one input, gathering every problem instead of stopping at the first. */
export class Reader {
  readonly problems: FieldError[] = [];

  fail(path: string, label: Bilingual, why: Bilingual): void {
    this.problems.push({ path, message: { vi: `${label.vi}: ${why.vi}`, en: `${label.en}: ${why.en}` } });
  }

  /** The fields of an object; unknown keys are problems (they are usually typing mistakes). */
  object(v: unknown, path: string, label: Bilingual, allowed: readonly string[] | null): Record<string, unknown> | null {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail(path, label, reason.object);
      return null;
    }
    const o = v as Record<string, unknown>;
    if (allowed)
      for (const k of Object.keys(o))
        if (!allowed.includes(k)) this.fail(join(path, k), { vi: k, en: k }, reason.unknownField);
    return o;
  }

  /** Required text, trimmed with inner white space collapsed. Returns '' when missing or wrong. */
  text(v: unknown, path: string, label: Bilingual, opts: { max?: number; allowEmpty?: boolean; keepLines?: boolean } = {}): string {
    if (v === undefined || v === null) {
      if (!opts.allowEmpty) this.fail(path, label, reason.required);
      return '';
    }
    if (typeof v !== 'string') {
      this.fail(path, label, reason.text);
      return '';
    }
    const s = opts.keepLines ? v.replace(/\r\n?/g, '\n').trim() : v.replace(SPACE_RE, ' ').trim();
    if (!s && !opts.allowEmpty) this.fail(path, label, reason.required);
    if (opts.max !== undefined && s.length > opts.max) this.fail(path, label, reason.tooLong(opts.max));
    return s;
  }

  /** Optional text: missing, null and blank all become null. */
  optText(v: unknown, path: string, label: Bilingual, opts: { max?: number; keepLines?: boolean } = {}): string | null {
    if (v === undefined || v === null) return null;
    const s = this.text(v, path, label, { ...opts, allowEmpty: true });
    return s === '' ? null : s;
  }

  number(v: unknown, path: string, label: Bilingual, opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number {
    if (v === undefined || v === null) {
      this.fail(path, label, reason.required);
      return 0;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(path, label, opts.integer ? reason.integer : reason.number);
      return 0;
    }
    if (opts.integer && !Number.isInteger(v)) {
      this.fail(path, label, reason.integer);
      return v;
    }
    if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min))
      this.fail(path, label, opts.exclusiveMin ? { vi: `phải lớn hơn ${opts.min}`, en: `must be greater than ${opts.min}` } : reason.atLeast(opts.min));
    if (opts.max !== undefined && v > opts.max) this.fail(path, label, reason.atMost(opts.max));
    return v;
  }

  boolean(v: unknown, path: string, label: Bilingual, fallback: boolean): boolean {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(path, label, reason.boolean);
      return fallback;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, label: Bilingual, values: readonly T[]): T | null {
    if (v === undefined || v === null) {
      this.fail(path, label, reason.required);
      return null;
    }
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.fail(path, label, reason.oneOf(values));
      return null;
    }
    return v as T;
  }

  list<T>(v: unknown, path: string, label: Bilingual, item: (x: unknown, path: string) => T): T[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(path, label, reason.list);
      return [];
    }
    return v.map((x, i) => item(x, `${path}[${i}]`));
  }
}

export const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A plain JSON value with object keys sorted at every depth, so stored and re-read copies compare and print alike. */
export function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortedJson(x);
    }
    return out;
  }
  return v;
}

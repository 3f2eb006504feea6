// Validation of identifiers people type: usernames, passwords, citizen ID numbers, tax codes.
import type { Bilingual } from './errors.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function usernameProblem(u: string): Bilingual | null {
  if (!USERNAME_PATTERN.test(u))
    return {
      vi: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới',
      en: 'Username must be 3–64 characters: lower-case letters, digits, dot, hyphen, underscore',
    };
  return null;
}

export function passwordProblem(p: string): Bilingual | null {
  if (p.length < 10)
    return { vi: 'Mật khẩu phải có ít nhất 10 ký tự', en: 'Password must be at least 10 characters long' };
  if (p.length > 200) return { vi: 'Mật khẩu quá dài (tối đa 200 ký tự)', en: 'Password is too long (at most 200 characters)' };
  if (!/[A-Za-zÀ-ỹ]/.test(p) || !/\d/.test(p))
    return { vi: 'Mật khẩu phải có cả chữ và số', en: 'Password must contain letters and digits' };
  return null;
}

/** Citizen identity card (CCCD) / personal identification number: 12 digits since 2016. */
export function idNumberProblem(id: string): Bilingual | null {
  if (!/^\d{12}$/.test(id)) return { vi: 'Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số', en: 'The personal ID number must be exactly 12 digits' };
  // The first three digits are the province of birth registration: 001–096 in the current coding.
  const province = Number(id.slice(0, 3));
  if (province < 1 || province > 96)
    return { vi: 'Ba số đầu của số định danh không phải mã tỉnh hợp lệ', en: 'The first three digits are not a valid province code' };
  // The fourth digit encodes century and sex: 0–9 are all in use (1900s–2300s).
  return null;
}

/** Enterprise/tax code: 10 digits, or 10 digits + '-' + 3 for branches. */
export function taxCodeProblem(code: string): Bilingual | null {
  if (!/^\d{10}(-\d{3})?$/.test(code))
    return { vi: 'Mã số doanh nghiệp/mã số thuế gồm 10 chữ số (hoặc 10-3 cho chi nhánh)', en: 'Tax code must be 10 digits (or 10-3 for a branch)' };
  return null;
}

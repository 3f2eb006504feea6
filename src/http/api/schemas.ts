import { z } from 'zod';
import { ROLES, UNIT_KINDS } from '../../domain/org.js';

/** Messages written "vi | en" are split into both languages by the error mapper. */
export const msg = (vi: string, en: string) => `${vi} | ${en}`;

export const idParam = z.object({ id: z.coerce.number().int().positive(msg('Mã số phải là số nguyên dương', 'The id must be a positive integer')) });

export const plainDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, msg('Ngày phải có dạng YYYY-MM-DD', 'Date must be YYYY-MM-DD')).refine(
  (s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  },
  { message: msg('Ngày không tồn tại', 'No such date') },
);

export const unitKind = z.enum(UNIT_KINDS);
export const role = z.enum(ROLES);

export const unitSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: unitKind,
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
});

export const membershipSchema = z.object({ unitId: z.number().int().positive(), role, title: z.string().max(200).nullable().optional() });

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  kind: z.enum(['staff', 'citizen', 'business']),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  organisationName: z.string().nullable(),
  taxCode: z.string().nullable(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
  memberships: z.array(z.object({ unitId: z.number(), role, title: z.string().nullable() })),
});

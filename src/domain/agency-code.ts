// Agency identifier codes, QCVN 102:2016/BTTTT: four dot-separated parts read right to left from level 1,
// e.g. 000.00.12.H53 = unit 12 (level 2) of province H53 (level 1). Zeros where a level is unused.

export const AGENCY_CODE_PATTERN = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;

export interface AgencyCodeParts {
  level1: string;
  level2: string;
  level3: string;
  level4: string;
}

export function parseAgencyCode(code: string): AgencyCodeParts | null {
  const m = AGENCY_CODE_PATTERN.exec(code);
  if (!m) return null;
  return { level4: m[1]!, level3: m[2]!, level2: m[3]!, level1: m[4]! };
}

export function isAgencyCode(code: string): boolean {
  return AGENCY_CODE_PATTERN.test(code);
}

/** Some systems drop the leading `000.`: accept both on input, always emit the full form. */
export function normaliseAgencyCode(input: string): string | null {
  const s = input.trim().toUpperCase();
  if (AGENCY_CODE_PATTERN.test(s)) return s;
  if (/^\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(s)) return `000.${s}`;
  return null;
}

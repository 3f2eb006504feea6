import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vnInstant } from '../../../src/domain/calendar/index.js';
import {
  formatDossierCode,
  isIssuedDossierCode,
  normaliseDossierCode,
  parseDossierCode,
  standardDossierCodes,
} from '../../../src/domain/dossier/index.js';

describe('dossier codes', () => {
  it('formats agency, reception date in Vietnam and a four-digit sequence', () => {
    expect(formatDossierCode('000.00.12.H53', vnInstant('2025-01-24', '10:00'), 7)).toBe('000.00.12.H53-250124-0007');
    expect(formatDossierCode('00.12.H53', vnInstant('2026-12-31', '16:59'), 9999)).toBe('000.00.12.H53-261231-9999');
    // 17:30 UTC on 23 Jan is 00:30 on 24 Jan in Vietnam.
    expect(formatDossierCode('000.00.12.H53', new Date('2025-01-23T17:30:00Z'), 1)).toBe('000.00.12.H53-250124-0001');
    expect(formatDossierCode('000.00.12.H53', new Date('2025-01-23T16:59:59Z'), 1)).toBe('000.00.12.H53-250123-0001');
  });

  it('refuses bad agency codes, sequences and years', () => {
    const when = vnInstant('2025-01-24', '10:00');
    expect(() => formatDossierCode('12.H53', when, 1)).toThrow(expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ path: 'agencyCode' })] }));
    for (const n of [0, 10_000, 1.5, -1]) expect(() => formatDossierCode('000.00.12.H53', when, n)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => formatDossierCode('000.00.12.H53', vnInstant('2100-01-01', '10:00'), 1)).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ path: 'receivedAt', message: expect.objectContaining({ en: 'The reception year must be 2000–2099' }) })] }),
    );
  });

  it('parses both the full and the short form and emits the full one', () => {
    expect(parseDossierCode('00.12.H53-250124-0007')).toEqual({ code: '000.00.12.H53-250124-0007', agencyCode: '000.00.12.H53', receivedOn: '2025-01-24', sequence: 7 });
    expect(parseDossierCode(' 000.00.12.h29-250124-0007 ')?.code).toBe('000.00.12.H29-250124-0007');
    expect(normaliseDossierCode('00.12.H53-250124-0007')).toBe('000.00.12.H53-250124-0007');
    for (const bad of ['000.00.12.H53-250230-0007', '000.00.12.H53-250124-0000', '000.00.12.H53-250124-007', '12.H53-250124-0007', ''])
      expect(parseDossierCode(bad)).toBeNull();
  });

  it('keeps codes issued by the national portal verbatim', () => {
    expect(isIssuedDossierCode('G09.20-20260609-0092637')).toBe(true);
    expect(parseDossierCode('G09.20-20260609-0092637')).toBeNull();
    expect(normaliseDossierCode(' g09.20-20260609-0092637 ')).toBe('G09.20-20260609-0092637');
    expect(isIssuedDossierCode(' G09.20-20260609-0092637')).toBe(false);
    expect(isIssuedDossierCode('G09 20')).toBe(false);
  });

  it('draws one daily counter per agency and Vietnamese day', () => {
    const g = standardDossierCodes;
    expect(g.sequenceKey('00.12.H53', vnInstant('2025-01-24', '00:10'))).toBe('000.00.12.H53-250124');
    expect(g.sequenceKey('000.00.12.H53', vnInstant('2025-01-24', '23:50'))).toBe('000.00.12.H53-250124');
    expect(g.format({ agencyCode: '000.00.12.H53', receivedAt: vnInstant('2025-01-24', '10:00'), sequence: 12 })).toBe('000.00.12.H53-250124-0012');
    expect(g.maxSequence).toBe(9999);
  });

  it('round-trips every code it formats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('H53', 'H29', 'G09'),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 30) }),
        fc.integer({ min: 1, max: 9999 }),
        (l4, l3, l2, l1, t, seq) => {
          const agency = `${String(l4).padStart(3, '0')}.${String(l3).padStart(2, '0')}.${String(l2).padStart(2, '0')}.${l1}`;
          const code = formatDossierCode(agency, new Date(t), seq);
          const parts = parseDossierCode(code);
          expect(parts).toMatchObject({ code, agencyCode: agency, sequence: seq });
          expect(isIssuedDossierCode(code)).toBe(true);
        },
      ),
    );
  });
});

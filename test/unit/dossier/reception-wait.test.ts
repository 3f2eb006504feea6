// Issue 10 B.10: an online submission still waiting at the desk one working day after it was made is flagged, on the
// desk's calendar; reception, a supplement request or a refusal clears the flag.
import { describe, expect, it } from 'vitest';
import { isReceptionOverdue, projectionOf, receptionDueAt } from '../../../src/domain/dossier/index.js';
import { at, calendar, CODE, iso, Journey, pinned, UNIT, USER } from './fixtures.js';

const submitted = (when: Date) =>
  new Journey(pinned()).by(USER.applicant, 'submit_online', when, { competentUnitId: UNIT.justice }, { unitId: UNIT.centre });

describe('online submissions waiting at the desk', () => {
  it('are flagged one working day after submission, counted from the next opening', () => {
    // Wed 22 Apr 21:00, after hours: the working day runs Thu 23 07:30 – 17:00.
    const j = submitted(at('2026-04-22', '21:00'));
    expect(iso(receptionDueAt(at('2026-04-22', '21:00'), calendar))).toBe('2026-04-23T17:00:00+07:00');
    expect(j.at(at('2026-04-23', '17:00')).flags.receptionOverdue).toBe(false);
    expect(j.at(at('2026-04-23', '17:01')).flags.receptionOverdue).toBe(true);
    expect(j.at(at('2026-04-23', '17:01')).status).toBe('submitted');
  });

  it('skip rest days and holidays of the desk’s calendar', () => {
    // Fri 24 Apr 16:00: one hour on Friday, then Mon 27 Apr (Hùng Kings, compensated) is off → Tue 28 Apr 16:00.
    expect(iso(receptionDueAt(at('2026-04-24', '16:00'), calendar))).toBe('2026-04-28T16:00:00+07:00');
    const j = submitted(at('2026-04-24', '16:00'));
    expect(j.at(at('2026-04-27', '16:30')).flags.receptionOverdue).toBe(false);
    expect(j.at(at('2026-04-28', '16:00')).flags.receptionOverdue).toBe(false);
    expect(j.at(at('2026-04-28', '16:01')).flags.receptionOverdue).toBe(true);
    expect(isReceptionOverdue(at('2026-04-24', '16:00'), at('2026-04-28', '16:01'), calendar)).toBe(true);
  });

  it('clear once the desk receives, asks for a supplement or refuses', () => {
    const late = at('2026-04-24', '10:00');
    const received = submitted(at('2026-04-22', '21:00')).by(USER.desk, 'receive', late, { channel: 'online', competentUnitId: UNIT.justice, dossierCode: CODE });
    expect(received.at(at('2026-05-20', '10:00')).flags.receptionOverdue).toBe(false);
    const asked = submitted(at('2026-04-22', '21:00')).by(USER.desk, 'request_supplement_before_reception', late, { items: ['Ảnh'], reason: 'Ảnh mờ' });
    expect(asked.at(at('2026-04-30', '10:00')).flags.receptionOverdue).toBe(false);
    const refused = submitted(at('2026-04-22', '21:00')).by(USER.desk, 'refuse_reception', late, { reasons: 'Không thuộc thẩm quyền' });
    expect(refused.at(at('2026-05-20', '10:00')).flags.receptionOverdue).toBe(false);
  });

  it('are never flagged for a counter dossier', () => {
    const j = new Journey(pinned()).by(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: 'G09.20-20260423-0000001' });
    expect(j.at(at('2026-05-20', '09:00')).flags.receptionOverdue).toBe(false);
    expect(projectionOf).toBeTypeOf('function');
  });
});

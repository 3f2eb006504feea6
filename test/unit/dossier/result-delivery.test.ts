// Issue 10 B.11: the applicant's choice of how to get the result is recorded at online submission and at reception
// (the desk's record wins), and anything else is refused.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { at, CODE, Journey, pinned, UNIT, USER } from './fixtures.js';

describe('result delivery (form 01)', () => {
  it('keeps the choice made online unless the desk records another at reception', () => {
    const online = () =>
      new Journey(pinned()).by(USER.applicant, 'submit_online', at('2026-04-22', '21:00'), { competentUnitId: UNIT.justice, resultDelivery: 'post' }, { unitId: UNIT.centre });
    expect(online().at(at('2026-04-22', '22:00')).resultDelivery).toBe('post');
    const kept = online().by(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'online', competentUnitId: UNIT.justice, dossierCode: CODE });
    expect(kept.at(at('2026-04-23', '09:00')).resultDelivery).toBe('post');
    const changed = online().by(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'online', competentUnitId: UNIT.justice, dossierCode: CODE, resultDelivery: 'counter' });
    expect(changed.at(at('2026-04-23', '09:00')).resultDelivery).toBe('counter');
  });

  it('is recorded at the counter, null when never said, and refused when unknown', () => {
    const counter = (extra: Record<string, unknown>) =>
      new Journey(pinned()).by(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE, ...extra });
    expect(counter({ resultDelivery: 'online' }).at(at('2026-04-23', '09:00')).resultDelivery).toBe('online');
    expect(counter({}).at(at('2026-04-23', '09:00')).resultDelivery).toBeNull();
    let err: unknown;
    try {
      counter({ resultDelivery: 'pigeon' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields.map((f) => f.path)).toEqual(['payload.resultDelivery']);
    expect((err as AppError).fields[0]!.message.vi).toContain('bưu chính');
  });
});

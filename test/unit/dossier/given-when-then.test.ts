// The given/when/then helper of fixtures.ts fails with a message that says what differs.
import { describe, expect, it } from 'vitest';
import { at, given, UNIT, USER } from './fixtures.js';

describe('given/when/then', () => {
  it('passes an accepted action on to the next step without changing the given journey', () => {
    const j = given().received();
    const next = j.when(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 }).then.state({ currentStepIndex: 1, currentUnitId: UNIT.justice });
    expect(next.actions.map((a) => a.type)).toEqual(['receive', 'forward']);
    expect(j.actions.map((a) => a.type)).toEqual(['receive']);
    expect(j.state).toMatchObject({ currentStepIndex: 0, version: 1 });
  });

  it('fails then.refused on an accepted action, and then.state on a refused one, naming what happened', () => {
    const j = given().received();
    const accepted = j.when(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 });
    expect(() => accepted.then.refused('forbidden')).toThrow(/forward was accepted/);
    const refused = j.when(USER.justiceLeader, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 });
    expect(() => refused.then.state()).toThrow(/forward was refused/);
    expect(() => refused.then.refused('conflict')).toThrow(/forbidden/);
    expect(refused.then.refused('forbidden:forbidden')).toMatchObject({ kind: 'forbidden', code: 'forbidden' });
  });

  it('matches a refusal’s message and fields', () => {
    const j = given();
    const noCode = j.when(USER.desk, 'receive', at('2026-04-23', '09:00'), { channel: 'counter', competentUnitId: UNIT.justice });
    noCode.then.refused('invalid:validation_failed', { en: 'Invalid input', fields: ['payload.dossierCode'] });
    expect(() => noCode.then.refused('invalid', { fields: ['payload.other'] })).toThrow(/to match object/);
    expect(() => noCode.then.refused('invalid', /not this/)).toThrow();
  });
});

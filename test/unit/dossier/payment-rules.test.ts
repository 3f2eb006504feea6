// Who records a payment, and how much (issue 10, D5): the desk that collected it or a verified gateway (the system),
// never the applicant; the amount is exactly the outstanding requested total.
import { describe, expect, it } from 'vitest';
import { allowedActions, validateAction, type ActionPermission } from '../../../src/domain/dossier/index.js';
import { AppError } from '../../../src/domain/errors.js';
import { actionBy, actorContext, at, received, USER } from './fixtures.js';

const allowed = (perms: ActionPermission[]) => perms.filter((p) => p.allowed).map((p) => p.type);

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const waiting = () =>
  received()
    .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
    .by(USER.justiceLeader, 'assign', at('2026-04-23', '14:00'), { assigneeId: USER.justiceSpecialist })
    .by(USER.justiceLeader, 'forward', at('2026-04-23', '15:00'), { toStepIndex: 2 })
    .by(USER.justiceSpecialist, 'request_payment', at('2026-04-24', '10:00'), { items: [{ name: 'Lệ phí', amountVnd: 50_000 }, { name: 'Phí thẩm định', amountVnd: 100_000 }] });

describe('payment_recorded', () => {
  const j = waiting();
  const now = at('2026-04-28', '10:00');
  const s = j.at(now);

  it('is offered to the receiving desk, never to the applicant', () => {
    expect(allowed(allowedActions(s, j.pinned, actorContext(USER.desk), now))).toContain('payment_recorded');
    expect(allowed(allowedActions(s, j.pinned, actorContext(USER.applicant), now))).not.toContain('payment_recorded');
    const e = refusal(() => validateAction(s, j.pinned, actionBy(USER.applicant, 'payment_recorded', now, { amountVnd: 150_000, online: true }), now));
    expect(e.kind).toBe('forbidden');
    expect(e.messages.vi).not.toContain('công dân');
  });

  it('is taken from the desk or the system (a verified gateway) for exactly the amount requested', () => {
    expect(() => validateAction(s, j.pinned, actionBy(USER.desk, 'payment_recorded', now, { amountVnd: 150_000 }), now)).not.toThrow();
    expect(() =>
      validateAction(s, j.pinned, actionBy(USER.applicant, 'payment_recorded', now, { amountVnd: 150_000, online: true }, { roles: ['system'], unitId: null }), now),
    ).not.toThrow();
    for (const amountVnd of [1, 149_999, 150_001, 0]) {
      const e = refusal(() => validateAction(s, j.pinned, actionBy(USER.desk, 'payment_recorded', now, { amountVnd }), now));
      expect([e.kind, e.fields.map((f) => f.path)], String(amountVnd)).toEqual(['invalid', ['payload.amountVnd']]);
      expect(e.fields[0]!.message.vi).toContain('150000');
    }
  });
});

// Who records a payment, and how much (issue 10, D5): the desk that collected it or a verified gateway (the system),
// never the applicant; the amount is exactly the outstanding requested total.
import { describe, expect, it } from 'vitest';
import { at, received, USER } from './fixtures.js';

const waiting = () =>
  received()
    .by(USER.desk, 'forward', at('2026-04-23', '10:00'), { toStepIndex: 1 })
    .by(USER.justiceLeader, 'assign', at('2026-04-23', '14:00'), { assigneeId: USER.justiceSpecialist })
    .by(USER.justiceLeader, 'forward', at('2026-04-23', '15:00'), { toStepIndex: 2 })
    .by(USER.justiceSpecialist, 'request_payment', at('2026-04-24', '10:00'), { items: [{ name: 'Lệ phí', amountVnd: 50_000 }, { name: 'Phí thẩm định', amountVnd: 100_000 }] });

describe('payment_recorded', () => {
  const now = at('2026-04-28', '10:00');

  it('is offered to the receiving desk, never to the applicant', () => {
    const j = waiting();
    expect(j.allowedFor(USER.desk, now)).toContain('payment_recorded');
    expect(j.allowedFor(USER.applicant, now)).not.toContain('payment_recorded');
    const e = j.when(USER.applicant, 'payment_recorded', now, { amountVnd: 150_000, online: true }).then.refused('forbidden');
    expect(e.messages.vi).not.toContain('công dân');
  });

  it('is taken from the desk or the system (a verified gateway) for exactly the amount requested', () => {
    const j = waiting();
    j.when(USER.desk, 'payment_recorded', now, { amountVnd: 150_000 }).then.state();
    j.when(USER.applicant, 'payment_recorded', now, { amountVnd: 150_000, online: true }, { roles: ['system'], unitId: null }).then.state();
    for (const amountVnd of [1, 149_999, 150_001, 0]) {
      const e = j.when(USER.desk, 'payment_recorded', now, { amountVnd }).then.refused('invalid', { fields: ['payload.amountVnd'] });
      expect(e.fields[0]!.message.vi).toContain('150000');
    }
  });
});

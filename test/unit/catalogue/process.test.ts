import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  decisionProblems,
  limitInWorkingMinutes,
  processBudgets,
  readProcedure,
  readProcess,
  replacementProblems,
  stepMinutes,
  transitionProblem,
  validateProcess,
  type ProcedureBody,
  type ProcessBody,
  type TimeLimit,
  type UnitLookup,
} from '../../../src/domain/catalogue/index.js';

const units: UnitLookup = (code) =>
  ({
    '000.00.43.H99': { code, name: 'Xã An Phú', active: true, roles: new Set(['desk', 'specialist', 'leader']) },
    '000.00.44.H99': { code, name: 'Xã Tân Lập', active: true, roles: new Set(['desk', 'specialist']) },
    '000.00.05.H99': { code, name: 'Sở Tư pháp', active: true, roles: new Set(['desk', 'specialist', 'leader']) },
    '000.00.06.H99': { code, name: 'Sở Tài chính', active: true, roles: new Set(['specialist', 'leader']) },
    '000.00.50.H99': { code, name: 'Xã cũ', active: false, roles: new Set(['desk', 'specialist', 'leader']) },
  })[code];

const procedure = (limit: TimeLimit, patch: Record<string, unknown> = {}): ProcedureBody =>
  readProcedure({
    code: '1.001193',
    name: 'Thủ tục',
    level: 'commune',
    competentUnits: ['000.00.43.H99'],
    channels: { counter: { timeLimit: limit } },
    ...patch,
  }).body;

const plan = (hours: number[], patch: Partial<ProcessBody> = {}): ProcessBody =>
  readProcess({
    steps: hours.map((h, i) => ({ name: `Bước ${i + 1}`, unit: i === 0 || i === hours.length - 1 ? 'receiving' : '000.00.43.H99', role: i === 0 || i === hours.length - 1 ? 'desk' : 'specialist', time: { amount: h, unit: 'working_hours' }, maySendBack: i > 0 })),
    approval: { number: '9/QĐ-UBND', date: '2026-01-05' },
    ...patch,
  }).body;

describe('reading a process', () => {
  it('reads steps, participants and the approval, reporting every problem', () => {
    const { body, problems } = readProcess({
      steps: [
        { name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'half_days' } },
        { name: '', unit: 'Sở Tư pháp', role: 'monitor', time: { amount: 1.5, unit: 'half_days' } },
        { name: 'Ký', unit: '00.05.H99', role: 'leader', time: { amount: 0.25, unit: 'working_hours' }, maySendBack: 'yes' },
      ],
      approval: { number: '9/QĐ-UBND', date: '05/01/2026' },
    });
    expect(problems.map((p) => p.path)).toEqual(['steps[1].name', 'steps[1].unit', 'steps[1].role', 'steps[1].time.amount', 'steps[2].maySendBack', 'approval.date']);
    expect(problems[1]!.message.en).toBe('Unit of the step: "Sở Tư pháp" is not a QCVN 102:2016 agency code nor "receiving" (the receiving desk)');
    expect(body.steps[2]).toEqual({ name: 'Ký', unit: '000.00.05.H99', role: 'leader', time: { amount: 0.25, unit: 'working_hours' }, maySendBack: false });
    expect(stepMinutes(body.steps[0]!.time)).toBe(240);
    expect(stepMinutes(body.steps[2]!.time)).toBe(15);
    expect([body.supplementPolicy, body.paymentPolicy]).toEqual([null, null]);
  });

  it('reads the clock policies for supplements and payments, leaving them to the province when unset', () => {
    const steps = [{ name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'half_days' } }];
    const ok = readProcess({ steps, supplementPolicy: 'pause', paymentPolicy: 'run' });
    expect([ok.body.supplementPolicy, ok.body.paymentPolicy, ok.problems]).toEqual(['pause', 'run', []]);
    expect(readProcess({ steps, supplementPolicy: '' }).body.supplementPolicy).toBeNull();
    const bad = readProcess({ steps, supplementPolicy: 'stop', paymentPolicy: 'restart' });
    expect(bad.problems.map((p) => p.path)).toEqual(['supplementPolicy', 'paymentPolicy']);
    expect(bad.problems[1]!.message.vi).toBe('Thời gian thực hiện nghĩa vụ tài chính: phải là một trong: pause, run');
  });
});

describe('validating a process against its procedure', () => {
  it('accepts a plan that fits the reduced limit exactly and refuses one minute more', () => {
    const p = procedure({ amount: 3, unit: 'working_days' }, { channels: { counter: { timeLimit: { amount: 3, unit: 'working_days' }, reducedTimeLimit: { amount: 2, unit: 'working_days' } } } });
    expect(validateProcess(plan([2, 10, 4]), p, units)).toMatchObject({ errors: [], warnings: [], totalMinutes: 960 });
    const over = validateProcess(plan([2, 10, 4.5]), p, units);
    expect(over.errors.map((e) => e.path)).toEqual(['steps']);
    expect(over.errors[0]!.message.vi).toBe('Các bước của quy trình: Tổng thời gian các bước 2 ngày làm việc 30 phút vượt thời hạn đã cắt giảm 2 ngày làm việc của kênh trực tiếp (tối đa 2 ngày làm việc)');
  });

  it('property: steps are refused exactly when their total exceeds what some channel can hold, warned about when only the usual calendar cannot', () => {
    const unit = fc.constantFrom<TimeLimit['unit']>('hours', 'working_hours', 'working_days', 'days', 'months', 'same_day');
    fc.assert(
      fc.property(
        fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit }),
        fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit }),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 8 }),
        (counter, online, hours) => {
          const fix = (l: TimeLimit) => (l.unit === 'same_day' ? { ...l, amount: 1 } : l);
          const p = procedure(fix(counter), { channels: { counter: { timeLimit: fix(counter) }, online: { timeLimit: fix(online) } } });
          const total = hours.reduce((a, b) => a + b, 0) * 60;
          const r = validateProcess(plan(hours), p, units);
          expect(r.totalMinutes).toBe(total);
          const limits = [fix(counter), fix(online)].map(limitInWorkingMinutes);
          const refusedBy = limits.filter((m) => total > m.max).length;
          const warnedBy = limits.filter((m) => m.exact === null && total <= m.max && total > m.typical).length;
          expect(r.errors.filter((e) => e.path === 'steps')).toHaveLength(refusedBy);
          expect(r.warnings.filter((e) => e.path === 'steps')).toHaveLength(warnedBy);
          expect(r.errors.filter((e) => e.path !== 'steps')).toEqual([]);
        },
      ),
    );
  });

  it('checks every unit and role, resolving "receiving" to the receiving unit or every competent unit', () => {
    const p = procedure({ amount: 5, unit: 'working_days' }, { competentUnits: ['000.00.43.H99', '000.00.44.H99'] });
    const process = readProcess({
      steps: [
        { name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'working_hours' } },
        { name: 'Ký', unit: 'receiving', role: 'leader', time: { amount: 1, unit: 'working_hours' } },
        { name: 'Phối hợp', unit: '000.00.50.H99', role: 'specialist', time: { amount: 1, unit: 'working_hours' } },
      ],
      approval: { number: '1', date: '2026-01-01' },
    }).body;
    expect(validateProcess(process, p, units).errors.map((e) => `${e.path}: ${e.message.en}`)).toEqual([
      'steps[1].unit: Acting role: unit 000.00.44.H99 (Xã Tân Lập) (receiving desk) has no staff in the role "Unit leader"',
      'steps[2].unit: Unit of the step: unit 000.00.50.H99 (Xã cũ) is inactive',
    ]);
    const atCentre = procedure({ amount: 5, unit: 'working_days' }, { competentUnits: ['000.00.44.H99'], receivingUnit: '000.00.43.H99' });
    expect(validateProcess(process, atCentre, units).errors.map((e) => e.path)).toEqual(['steps[2].unit']);
    const nowhere = procedure({ amount: 5, unit: 'working_days' }, { competentUnits: [] });
    expect(validateProcess(plan([1, 1]), nowhere, units).errors[0]!.message.en).toBe(
      'Unit of the step: the procedure names neither a receiving unit nor competent units, so "receiving" cannot be resolved',
    );
  });

  it('needs steps and an approval decision, and warns when there is no limit to check against', () => {
    const r = validateProcess(readProcess({}).body, procedure({ amount: 1, unit: 'working_days' }, { channels: { counter: {} } }), units);
    expect(r.errors.map((e) => e.path)).toEqual(['steps', 'approval']);
    const noLimit = validateProcess(plan([1]), procedure({ amount: 1, unit: 'working_days' }, { channels: { counter: {} } }), units);
    expect(noLimit.warnings.map((w) => w.message.en)).toEqual(['Process steps: the procedure has no time limit, so the total cannot be checked']);
  });

  it('property: an inter-agency process needs two or more distinct, existing participants and exactly one lead', () => {
    const p = procedure({ amount: 20, unit: 'working_days' }, { level: 'inter_agency', competentUnits: ['000.00.05.H99', '000.00.06.H99'] });
    const agency = fc.constantFrom('000.00.05.H99', '000.00.06.H99', '000.00.43.H99', '000.00.77.H99');
    fc.assert(
      fc.property(fc.array(fc.record({ agency, lead: fc.boolean(), hours: fc.integer({ min: 1, max: 60 }) }), { maxLength: 4 }), (ps) => {
        const process = plan([1, 2, 1], { participants: ps.map((x) => ({ agency: x.agency, task: 'Nhiệm vụ', time: { amount: x.hours, unit: 'working_hours' as const }, lead: x.lead })) });
        const r = validateProcess(process, p, units);
        const leads = ps.filter((x) => x.lead).length;
        const distinct = new Set(ps.map((x) => x.agency)).size;
        const shareTotal = ps.reduce((a, x) => a + x.hours, 0);
        expect(r.errors.some((e) => e.path === 'participants' && e.message.en.startsWith('Lead agency'))).toBe(ps.length > 0 && leads !== 1);
        expect(r.errors.some((e) => e.message.en.includes('at least two participating agencies'))).toBe(ps.length < 2);
        expect(r.errors.filter((e) => e.message.en.endsWith('is listed twice'))).toHaveLength(ps.length - distinct);
        expect(r.errors.filter((e) => e.message.en.includes('no unit has the code 000.00.77.H99'))).toHaveLength(ps.filter((x) => x.agency === '000.00.77.H99').length);
        expect(r.participantMinutes).toBe(shareTotal * 60);
        expect(r.errors.some((e) => e.path === 'participants' && e.message.en.includes('time shares'))).toBe(shareTotal * 60 > 20 * 480);
      }),
    );
    const single = validateProcess(plan([1], { participants: [{ agency: '000.00.05.H99', task: 'x', time: { amount: 1, unit: 'working_hours' }, lead: true }] }), procedure({ amount: 1, unit: 'working_days' }), units);
    expect(single.errors.map((e) => e.message.en)).toEqual(['Inter-agency participants: only an inter-agency procedure has participating agencies']);
  });

  it('budgets every offered channel by its binding limit', () => {
    const p = procedure({ amount: 20, unit: 'days' }, { channels: { counter: { timeLimit: { amount: 20, unit: 'days' }, reducedTimeLimit: { amount: 15, unit: 'days' } }, online: { timeLimit: { amount: 10, unit: 'working_days' } } } });
    expect(processBudgets(p)).toEqual([
      { channel: 'counter', limit: { amount: 15, unit: 'days' }, reduced: true, exactMinutes: null, maxMinutes: 7200, typicalMinutes: 4800 },
      { channel: 'online', limit: { amount: 10, unit: 'working_days' }, reduced: false, exactMinutes: 4800, maxMinutes: 4800, typicalMinutes: 4800 },
    ]);
  });
});

describe('lifecycle', () => {
  it('allows exactly the documented transitions', () => {
    expect(allowedActions('draft')).toEqual(['update_draft', 'publish']);
    expect(allowedActions('published')).toEqual(['amend', 'replace', 'abolish', 'set_process']);
    expect(allowedActions('amended')).toEqual(['amend', 'replace', 'abolish', 'set_process']);
    expect(allowedActions('replaced')).toEqual([]);
    expect(allowedActions('abolished')).toEqual([]);
    expect(transitionProblem('1.001193', 'published', 'amend')).toBeNull();
    expect(transitionProblem('1.001193', 'published', 'publish')?.code).toBe('invalid_transition');
  });

  it('explains a refused transition in both languages', () => {
    const e = transitionProblem('1.001193', 'draft', 'amend')!;
    expect(e.kind).toBe('conflict');
    expect(e.messages).toEqual({
      vi: 'Không thể sửa đổi, bổ sung thủ tục 1.001193 đang ở trạng thái "Dự thảo": thủ tục còn là dự thảo, chưa được công bố',
      en: 'Cannot amend procedure 1.001193 in status "Draft": the procedure is still a draft and has not been published',
    });
    expect(transitionProblem('1.001193', 'abolished', 'replace')!.messages.en).toBe('Cannot replace procedure 1.001193 in status "Abolished": the procedure is no longer in force');
  });

  it('needs decisions not dated before the current version, and a new decision for an amendment', () => {
    const current = { number: '10/QĐ-UBND', date: '2026-03-01', effectiveDate: '2026-03-05' };
    expect(decisionProblems('amend', { ...current }, current).map((p) => p.path)).toEqual(['decision.number']);
    expect(decisionProblems('abolish', { number: '11/QĐ-UBND', date: '2026-02-28' }, current).map((p) => p.message.en)).toEqual([
      'Decision date: the decision of 2026-02-28 is dated before decision 10/QĐ-UBND of 2026-03-01 that published the current version',
    ]);
    expect(decisionProblems('replace', { number: '10/QĐ-UBND', date: '2026-03-01' }, current)).toEqual([]);
  });

  it('a procedure is never replaced by itself, nor by one not in force', () => {
    expect(replacementProblems('1.001193', '1.001193', { status: 'published' })[0]!.message.en).toBe('Replacing procedure: procedure 1.001193 cannot be replaced by itself');
    expect(replacementProblems('1.001193', '1.000656', { status: 'abolished' })[0]!.message.en).toBe('Replacing procedure: procedure 1.000656 is "Abolished" and cannot replace another');
    expect(replacementProblems('1.001193', '1.000656', null)[0]!.message.en).toBe('Replacing procedure: there is no procedure with the code 1.000656');
    expect(replacementProblems('1.001193', '1.000656', { status: 'amended' })).toEqual([]);
  });
});

describe('inter-agency order and shares (issue 10, Decree 61/2018 Art. 16-17)', () => {
  const p = procedure({ amount: 20, unit: 'working_days' }, { level: 'inter_agency', competentUnits: ['000.00.05.H99', '000.00.06.H99'] });
  const share = (agency: string, hours: number, lead = false) => ({ agency, task: 'Nhiệm vụ', time: { amount: hours, unit: 'working_hours' as const }, lead });
  const steps = (justiceHours: number) => [
    { name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'working_hours' } },
    { name: 'Thẩm định', unit: '000.00.05.H99', role: 'specialist', time: { amount: justiceHours, unit: 'working_hours' } },
    { name: 'Ký', unit: '000.00.05.H99', role: 'leader', time: { amount: 4, unit: 'working_hours' } },
  ];

  it('reads the order: absent means sequential (kept off the body), parallel only when said', () => {
    const none = readProcess({ steps: steps(8), participants: [share('000.00.05.H99', 16, true), share('000.00.06.H99', 8)] });
    expect(none.problems).toEqual([]);
    expect('interAgencyDispatch' in none.body).toBe(false);
    expect(readProcess({ steps: steps(8), interAgencyDispatch: 'parallel' }).body.interAgencyDispatch).toBe('parallel');
    const bad = readProcess({ steps: steps(8), interAgencyDispatch: 'all_at_once' });
    expect(bad.problems.map((x) => [x.path, x.message.en])).toEqual([['interAgencyDispatch', 'Order of the inter-agency parts: must be one of: sequential, parallel']]);
  });

  it('refuses a share smaller than the steps that agency holds, and shares that exceed the limit together', () => {
    const ok = validateProcess(readProcess({ steps: steps(12), participants: [share('000.00.05.H99', 16, true), share('000.00.06.H99', 8)], approval: { number: '9/QĐ-UBND', date: '2026-01-05' } }).body, p, units);
    const parts = (r: { errors: { path: string }[] }) => r.errors.filter((e) => e.path.startsWith('participants'));
    expect(parts(ok)).toEqual([]);
    const tight = validateProcess(readProcess({ steps: steps(13), participants: [share('000.00.05.H99', 16, true), share('000.00.06.H99', 8)], approval: { number: '9/QĐ-UBND', date: '2026-01-05' } }).body, p, units);
    expect(parts(tight).map((e) => e.path)).toEqual(['participants[0].time']);
    expect(tight.errors.find((e) => e.path === 'participants[0].time')!.message.vi).toContain('000.00.05.H99');
    expect(tight.errors.find((e) => e.path === 'participants[0].time')!.message.en).toMatch(/steps 000\.00\.05\.H99 holds in the process take .* more than its time share/);
    const over = validateProcess(readProcess({ steps: steps(12), participants: [share('000.00.05.H99', 100, true), share('000.00.06.H99', 80)], approval: { number: '9/QĐ-UBND', date: '2026-01-05' } }).body, p, units);
    expect(over.errors.some((e) => e.path === 'participants' && e.message.en.includes('time shares'))).toBe(true);
  });
});

describe('more than one supplement request (issue 10 B2)', () => {
  const steps = [{ name: 'Tiếp nhận', unit: 'receiving', role: 'desk', time: { amount: 1, unit: 'working_hours' } }];
  it('is off unless the process says so, kept off the body when unset, and refuses a non-boolean', () => {
    expect('repeatSupplementRequests' in readProcess({ steps }).body).toBe(false);
    expect('repeatSupplementRequests' in readProcess({ steps, repeatSupplementRequests: false }).body).toBe(false);
    expect(readProcess({ steps, repeatSupplementRequests: true }).body.repeatSupplementRequests).toBe(true);
    const bad = readProcess({ steps, repeatSupplementRequests: 'yes' });
    expect(bad.problems.map((x) => x.path)).toEqual(['repeatSupplementRequests']);
  });
});

// A small province for dossier tests: a service centre desk that receives for the departments, the Department of
// Justice that decides, two other departments to consult or to take part, and two communes.
import {
  formatVnInstant,
  nationalCalendar,
  vnInstant,
} from '../../../src/domain/calendar/index.js';
import { expect } from 'vitest';
import { AppError, type ErrorKind } from '../../../src/domain/errors.js';
import {
  allowedActions,
  appendAction,
  deriveDossier,
  type ActionInput,
  type ActionType,
  type ActorContext,
  type ActorRole,
  type DossierAction,
  type DossierState,
  type PayloadOf,
  type PinnedProcedure,
  type PinnedStep,
} from '../../../src/domain/dossier/index.js';
import type { Role } from '../../../src/domain/org.js';

export const calendar = nationalCalendar();
export const at = (date: string, time: string) => vnInstant(date, time);
export const iso = (d: Date | null | undefined) => (d ? formatVnInstant(d) : null);

export const UNIT = { centre: 1, justice: 2, construction: 3, finance: 4, communeCentre: 5, commune: 6 } as const;

export const USER = {
  desk: 101,
  justiceLeader: 201,
  justiceSpecialist: 202,
  justiceSpecialist2: 203,
  constructionLeader: 301,
  constructionSpecialist: 302,
  financeLeader: 401,
  financeSpecialist: 402,
  communeDesk: 501,
  centreLeader: 110,
  applicant: 900,
} as const;

/** Each user's one membership. */
export const MEMBERSHIP: Record<number, { role: Role; unitId: number }> = {
  [USER.desk]: { role: 'desk', unitId: UNIT.centre },
  [USER.centreLeader]: { role: 'leader', unitId: UNIT.centre },
  [USER.justiceLeader]: { role: 'leader', unitId: UNIT.justice },
  [USER.justiceSpecialist]: { role: 'specialist', unitId: UNIT.justice },
  [USER.justiceSpecialist2]: { role: 'specialist', unitId: UNIT.justice },
  [USER.constructionLeader]: { role: 'leader', unitId: UNIT.construction },
  [USER.constructionSpecialist]: { role: 'specialist', unitId: UNIT.construction },
  [USER.financeLeader]: { role: 'leader', unitId: UNIT.finance },
  [USER.financeSpecialist]: { role: 'specialist', unitId: UNIT.finance },
  [USER.communeDesk]: { role: 'desk', unitId: UNIT.communeCentre },
};

/** Desk 240 min, leader dispatch 240, specialist examination 1440, leader approval and signature 480: 2400 = 5 days. */
export const STEPS: PinnedStep[] = [
  { index: 0, name: 'Tiếp nhận, chuyển hồ sơ', unitId: UNIT.centre, role: 'desk', allottedWorkingMinutes: 240, maySendBack: false },
  { index: 1, name: 'Phân công', unitId: UNIT.justice, role: 'leader', allottedWorkingMinutes: 240, maySendBack: false },
  { index: 2, name: 'Thẩm định', unitId: UNIT.justice, role: 'specialist', allottedWorkingMinutes: 1440, maySendBack: true },
  { index: 3, name: 'Phê duyệt, ký', unitId: UNIT.justice, role: 'leader', allottedWorkingMinutes: 480, maySendBack: true },
];

export function pinned(over: Partial<PinnedProcedure> = {}): PinnedProcedure {
  return {
    procedureCode: '1.001193',
    limit: { amount: 5, unit: 'working_days' },
    supplementPolicy: 'pause',
    paymentPolicy: 'pause',
    steps: STEPS,
    interAgency: null,
    calendarOf: () => calendar,
    // The centre receives for every department; the commune centre for the commune ("phi địa giới").
    mayReceiveFor: (r, c) => r === c || r === UNIT.centre || (r === UNIT.communeCentre && c === UNIT.commune),
    ...over,
  };
}

export function actorContext(userId: number): ActorContext {
  const m = MEMBERSHIP[userId];
  return {
    userId,
    isApplicant: userId === USER.applicant,
    hasRole: (role, unitId) => m !== undefined && m.role === role && m.unitId === unitId,
    unitsWithRole: (role) => (m && m.role === role ? [m.unitId] : []),
  };
}

export const ALL_USERS = [...Object.keys(MEMBERSHIP).map(Number), USER.applicant];

type Extra = { unitId?: number | null; roles?: ActorRole[]; comment?: string; attachments?: string[]; delegation?: ActionInput['delegation'] };

/** Builds an action by a fixture user, recorded under their membership (or the applicant). */
export function actionBy<K extends ActionType>(userId: number, type: K, when: Date, payload: PayloadOf[K], extra: Extra = {}): ActionInput {
  const m = MEMBERSHIP[userId];
  return {
    type,
    at: when,
    actorId: userId,
    actorRoles: extra.roles ?? (m ? [m.role] : ['applicant']),
    unitId: extra.unitId !== undefined ? extra.unitId : (m?.unitId ?? null),
    ...(extra.comment !== undefined ? { comment: extra.comment } : {}),
    ...(extra.attachments !== undefined ? { attachments: extra.attachments } : {}),
    ...(extra.delegation !== undefined ? { delegation: extra.delegation } : {}),
    payload,
  } as ActionInput;
}

/**
 * A dossier built through appendAction, so every step is validated exactly as the application would. It is the
 * "given" of a given/when/then test:
 *
 *   given().received().by(USER.desk, 'forward', t1, { toStepIndex: 1 })     // given: steps that must succeed
 *     .when(USER.justiceLeader, 'stop', t2, { reason: 'x', ground: 'g' })   // when: the action under test
 *     .then.refused('forbidden:forbidden', /not allowed/);                  // then: its outcome
 *
 * `when` never changes the journey; `then.state(matcher)` returns a new journey one action further.
 */
export class Journey {
  actions: DossierAction[] = [];
  state: DossierState;
  constructor(readonly pinned: PinnedProcedure) {
    this.state = deriveDossier([], pinned, at('2026-01-01', '00:00'));
  }
  by<K extends ActionType>(userId: number, type: K, when: Date, payload: PayloadOf[K], extra: Extra = {}): this {
    const r = appendAction(this.state, this.pinned, actionBy(userId, type, when, payload, extra), this.state.version, when);
    this.actions.push(r.action);
    this.state = r.state;
    return this;
  }
  /** Received at the centre's counter (by default Thu 23 Apr 2026 09:00) for the Department of Justice. */
  received(when = at('2026-04-23', '09:00'), payload: Partial<PayloadOf['receive']> = {}): this {
    return this.by(USER.desk, 'receive', when, { channel: 'counter', competentUnitId: UNIT.justice, dossierCode: CODE, ...payload });
  }
  /** The state at `now`, derived afresh from the stored actions. */
  at(now: Date): DossierState {
    return deriveDossier(this.actions, this.pinned, now);
  }
  /** An independent copy: steps added to it do not reach this journey. */
  copy(): Journey {
    const c = new Journey(this.pinned);
    c.actions = [...this.actions];
    c.state = this.state;
    return c;
  }
  /** The action types `userId` is offered at `now` (the buttons they see). */
  allowedFor(userId: number, now: Date): ActionType[] {
    return allowedActions(this.at(now), this.pinned, actorContext(userId), now)
      .filter((p) => p.allowed)
      .map((p) => p.type);
  }
  /**
   * The action under test, appended as the application would at `extra.now` (by default the action's own instant)
   * without changing this journey; assert its outcome with `.then`.
   */
  when<K extends ActionType>(userId: number, type: K, when: Date, payload: PayloadOf[K], extra: Extra & { now?: Date } = {}): When {
    const { now, ...rest } = extra;
    return new When(this, actionBy(userId, type, when, payload, rest), now ?? when);
  }
}

/** `kind` alone, or `kind:code` (e.g. `conflict:action_not_allowed`, `invalid:validation_failed`). */
export type RefusalCode = ErrorKind | `${ErrorKind}:${string}`;

/** What a refusal is expected to say: its English message (exactly, or matching), the paths of the fields at fault. */
export interface RefusalDetail {
  en?: string | RegExp;
  vi?: string | RegExp;
  fields?: string[];
}

type Outcome = { ok: true; action: DossierAction; state: DossierState } | { ok: false; error: AppError };

const textMatcher = (m: string | RegExp) => (typeof m === 'string' ? m : expect.stringMatching(m));

/** The outcome of one action: accepted with a new state, or refused with an AppError. */
export class When {
  readonly outcome: Outcome;
  constructor(
    private readonly journey: Journey,
    readonly action: ActionInput,
    readonly now: Date,
  ) {
    // As the application does: the stored actions derived at `now`, then the new one appended.
    const s = journey.at(now);
    try {
      const r = appendAction(s, journey.pinned, action, s.version, now);
      this.outcome = { ok: true, ...r };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      this.outcome = { ok: false, error: e };
    }
  }

  get then() {
    return {
      /** The action was accepted and the new state matches `expected` (toMatchObject); the journey one action further. */
      state: (expected: object = {}): Journey => {
        const o = this.outcome;
        if (!o.ok) expect({ refused: `${o.error.kind}:${o.error.code}`, en: o.error.messages.en, fields: o.error.fields }, `${this.action.type} was refused`).toEqual({ refused: null });
        const r = o as Extract<Outcome, { ok: true }>;
        expect(r.state).toMatchObject(expected);
        const next = this.journey.copy();
        next.actions.push(r.action);
        next.state = r.state;
        return next;
      },
      /** The action was refused with `code` (a kind, or kind:code) and, when given, this message and these fields. */
      refused: (code: RefusalCode, detail: string | RegExp | RefusalDetail = {}): AppError => {
        const o = this.outcome;
        if (o.ok) expect({ refused: null, status: o.state.status }, `${this.action.type} was accepted`).toMatchObject({ refused: code });
        const e = (o as Extract<Outcome, { ok: false }>).error;
        const d: RefusalDetail = typeof detail === 'string' || detail instanceof RegExp ? { en: detail } : detail;
        const actual = {
          refused: code.includes(':') ? `${e.kind}:${e.code}` : e.kind,
          en: e.messages.en,
          vi: e.messages.vi,
          fields: e.fields.map((f) => f.path),
        };
        expect(actual).toMatchObject({
          refused: code,
          ...(d.en !== undefined ? { en: textMatcher(d.en) } : {}),
          ...(d.vi !== undefined ? { vi: textMatcher(d.vi) } : {}),
          ...(d.fields !== undefined ? { fields: d.fields } : {}),
        });
        return e;
      },
    };
  }
}

/** The start of a given/when/then test: an empty dossier under `p` (the fixture procedure by default). */
export function given(p: PinnedProcedure = pinned()): Journey {
  return new Journey(p);
}

export const CODE = '000.00.01.H99-260423-0001';

/** Received at the centre's counter on Thu 23 Apr 2026 09:00 for the Department of Justice. */
export function received(p: PinnedProcedure = pinned(), when = at('2026-04-23', '09:00')): Journey {
  return given(p).received(when);
}

/** The same dossier with only its first `n` actions. */
export function prefix(j: Journey, n: number): Journey {
  const p = new Journey(j.pinned);
  p.actions = j.actions.slice(0, n);
  return p;
}

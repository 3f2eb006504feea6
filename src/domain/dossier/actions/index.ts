// Every action type's spec, in one table. `satisfies ActionSpecs` is the exhaustiveness check: an action type in
// ACTION_TYPES (types.ts) without its file here does not compile.
//
// Adding an action: its file in this folder (payload, label, refusal, who, evolve, message), its name in
// ACTION_TYPES, and one line in each table below.
import type { Bilingual } from '../../errors.js';
import { ACTION_TYPES, type ActionCommon, type ActionType, type DossierAction } from '../types.js';
import type { ActionSpec, ActionSpecs } from './spec.js';
import * as submit_online from './submit_online.js';
import * as request_supplement_before_reception from './request_supplement_before_reception.js';
import * as refuse_reception from './refuse_reception.js';
import * as receive from './receive.js';
import * as assign from './assign.js';
import * as forward from './forward.js';
import * as send_back from './send_back.js';
import * as consult from './consult.js';
import * as consult_reply from './consult_reply.js';
import * as contribute from './contribute.js';
import * as request_supplement from './request_supplement.js';
import * as supplement_received from './supplement_received.js';
import * as request_payment from './request_payment.js';
import * as payment_recorded from './payment_recorded.js';
import * as approve from './approve.js';
import * as sign from './sign.js';
import * as refuse_after_examination from './refuse_after_examination.js';
import * as finish from './finish.js';
import * as return_result from './return_result.js';
import * as apologise from './apologise.js';
import * as request_withdrawal from './request_withdrawal.js';
import * as decline_withdrawal from './decline_withdrawal.js';
import * as stop from './stop.js';
import * as hand_back_documents from './hand_back_documents.js';
import * as correct from './correct.js';

/** The payload schemas alone: PayloadOf (types.ts) is inferred from them. */
export const PAYLOAD_SCHEMAS = {
  submit_online: submit_online.payload,
  request_supplement_before_reception: request_supplement_before_reception.payload,
  refuse_reception: refuse_reception.payload,
  receive: receive.payload,
  assign: assign.payload,
  forward: forward.payload,
  send_back: send_back.payload,
  consult: consult.payload,
  consult_reply: consult_reply.payload,
  contribute: contribute.payload,
  request_supplement: request_supplement.payload,
  supplement_received: supplement_received.payload,
  request_payment: request_payment.payload,
  payment_recorded: payment_recorded.payload,
  approve: approve.payload,
  sign: sign.payload,
  refuse_after_examination: refuse_after_examination.payload,
  finish: finish.payload,
  return_result: return_result.payload,
  apologise: apologise.payload,
  request_withdrawal: request_withdrawal.payload,
  decline_withdrawal: decline_withdrawal.payload,
  stop: stop.payload,
  hand_back_documents: hand_back_documents.payload,
  correct: correct.payload,
};

export const ACTION_SPECS = {
  submit_online: submit_online.spec,
  request_supplement_before_reception: request_supplement_before_reception.spec,
  refuse_reception: refuse_reception.spec,
  receive: receive.spec,
  assign: assign.spec,
  forward: forward.spec,
  send_back: send_back.spec,
  consult: consult.spec,
  consult_reply: consult_reply.spec,
  contribute: contribute.spec,
  request_supplement: request_supplement.spec,
  supplement_received: supplement_received.spec,
  request_payment: request_payment.spec,
  payment_recorded: payment_recorded.spec,
  approve: approve.spec,
  sign: sign.spec,
  refuse_after_examination: refuse_after_examination.spec,
  finish: finish.spec,
  return_result: return_result.spec,
  apologise: apologise.spec,
  request_withdrawal: request_withdrawal.spec,
  decline_withdrawal: decline_withdrawal.spec,
  stop: stop.spec,
  hand_back_documents: hand_back_documents.spec,
  correct: correct.spec,
} satisfies ActionSpecs;

/** The spec of one type, typed by it (so that `specOf(a.type).evolve(f, a, …)` type-checks for any action `a`). */
export function specOf<K extends ActionType>(type: K): ActionSpec<K> {
  const specs: ActionSpecs = ACTION_SPECS;
  return specs[type];
}

/** A spec's field for every action type, in ACTION_TYPES order. */
export function eachAction<T>(pick: <K extends ActionType>(spec: ActionSpec<K>, type: K) => T): Record<ActionType, T> {
  const out: Partial<Record<ActionType, T>> = {};
  for (const type of ACTION_TYPES) out[type] = pick(specOf(type), type);
  // Every key was set by the loop over ACTION_TYPES.
  return out as Record<ActionType, T>;
}

export const ACTION_LABELS: Record<ActionType, Bilingual> = eachAction((s) => s.label);

export function isActionType(v: unknown): v is ActionType {
  return typeof v === 'string' && Object.hasOwn(ACTION_SPECS, v);
}

export type { ActionSpec, ActionSpecs, EvolveContext, InputOf, Requirement, Seat, StateContext } from './spec.js';
export { lateUnitCandidates, newAppointmentBounds } from './apologise.js';
export { paymentAmountProblem } from './payment_recorded.js';
export { NOT_RECEIVING_DESK } from './shared.js';

/**
 * A stored payload as the fold reads it: parsed by its type's schema when it still fits (an instant stored as an
 * ISO string becomes a Date again), else as stored, which the fold reads defensively (a log from before a rule).
 */
export function storedPayload(type: string, raw: unknown): unknown {
  if (!isActionType(type)) return raw;
  const r = specOf(type).payload.safeParse(raw);
  return r.success ? r.data : raw;
}

/** A stored action as the fold reads it: its payload through storedPayload. */
export function storedAction(a: ActionCommon & { seq: number; type: ActionType; payload: unknown }): DossierAction {
  // The one place a stored payload meets its type: it was parsed by the schema of `a.type` (or is read defensively
  // by the fold), which TypeScript cannot correlate through the lookup by type (microsoft/TypeScript#30581).
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions
  return { ...a, payload: storedPayload(a.type, a.payload) } as DossierAction;
}

// Telling the applicant: called inside the transaction that appends the action, so a message is queued exactly
// when the action committed (and never for an action that rolled back). Every channel the applicant gave is used:
// e-mail when there is an address, SMS when there is a phone number.
import type { Transaction } from 'kysely';
import { applicantMessageFor, type DossierAction, type DossierState } from '../../domain/dossier/index.js';
import type { Database } from '../../store/schema.js';
import { queueNotification } from '../notifications.js';
import type { Applicant } from './types.js';
import { applicantName } from './validation.js';

export interface NotifyInput {
  dossierId: number;
  code: string | null;
  procedureName: string;
  applicant: Applicant;
  action: DossierAction;
  /** The state after the action. */
  state: DossierState;
  trackingToken: string;
  /** The receiving desk's name: where the applicant goes for the result. */
  deskName: string | null;
  publicBaseUrl: string;
}

/** Queues the applicant's messages for one action; returns how many were queued (0 for internal actions). */
export async function notifyApplicant(trx: Transaction<Database>, now: Date, n: NotifyInput): Promise<number> {
  const code = n.code ?? n.state.dossierCode ?? null;
  const message = applicantMessageFor(n.action, {
    code,
    procedureName: n.procedureName,
    applicantName: applicantName(n.applicant),
    dueAt: n.state.clock && !n.state.clock.dueRecountedOnSupplement ? n.state.clock.currentDueAt : null,
    dueRecounted: n.state.clock?.dueRecountedOnSupplement === true,
    trackingUrl: code ? `${n.publicBaseUrl}/tra-cuu/${encodeURIComponent(code)}?t=${n.trackingToken}` : null,
    deskName: n.deskName,
    reference: String(n.dossierId),
    withdrawn: n.state.status === 'withdrawn',
  });
  if (!message) return 0;
  let queued = 0;
  const base = { kind: `dossier.${message.kind}`, dossierId: n.dossierId, subject: message.subject };
  // The dedupe key makes a retried transaction (or a replayed job) queue the message once.
  const key = (channel: string) => `dossier:${n.dossierId}:${n.action.seq}:${channel}`;
  if (n.applicant.email && (await queueNotification(trx, now, { ...base, channel: 'email', recipient: n.applicant.email, body: message.body, dedupeKey: key('email') })) !== null) queued++;
  if (n.applicant.phone && (await queueNotification(trx, now, { ...base, channel: 'sms', recipient: n.applicant.phone, body: message.sms, dedupeKey: key('sms') })) !== null) queued++;
  return queued;
}

// What the applicant is told when something happens to their dossier: the receipt, a request for a supplement,
// a refusal, an apology with the new appointment, the result ready, the result returned. Pure templates, each in its
// action's spec (actions/<type>.ts, `message`): the application queues them in the outbox in the same transaction
// as the action that caused them.
import { isActionType, specOf } from './actions/index.js';
import { messageKit, type ApplicantMessage, type MessageContext } from './actions/message-kit.js';
import type { DossierAction } from './types.js';

export type { ApplicantMessage, ApplicantMessageKind, MessageContext } from './actions/message-kit.js';
export { smsText, vnTimeAndDate } from './actions/message-kit.js';

/**
 * The message for an action, or null when the applicant is not told of it (internal hand-overs, consultations,
 * approvals: those show on the tracking page instead).
 */
export function applicantMessageFor(action: DossierAction, c: MessageContext): ApplicantMessage | null {
  if (!isActionType(action.type)) return null;
  return specOf(action.type).message?.(action, messageKit(c)) ?? null;
}

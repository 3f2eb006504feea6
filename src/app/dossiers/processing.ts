// The one entry point for an action on an existing dossier, whatever its type: the HTTP layer's
// `POST /dossiers/{code}/actions { type, … }` calls this.
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import { checkExpectedVersion, performAction } from './append.js';
import { receiveSubmitted } from './reception.js';
import type { ActRequest, DossierView } from './types.js';

/**
 * Appends one action to a dossier, through the domain's rules and with optimistic concurrency: the caller passes
 * the version it saw; if another action was appended since, it gets a 409 (`stale_version`) and nothing is written.
 * Refusals: 409 `action_not_allowed` (the state does not allow it), 403 (not this actor, unit or role), 400 (the
 * payload, with field paths). `receive` goes to receiveSubmitted; `submit_online` must use submitOnline.
 */
export async function act(ctx: AppContext, actor: Actor, dossierId: number, input: ActRequest): Promise<DossierView> {
  if (input?.type === 'submit_online')
    throw new AppError('invalid', 'use_submit_online', { vi: 'Nộp hồ sơ trực tuyến bằng chức năng nộp hồ sơ', en: 'Submit online with the submission use case' }, [
      { path: 'type', message: { vi: 'Không dùng được ở đây', en: 'Not available here' } },
    ]);
  if (input?.type === 'receive') {
    const p: unknown = input.payload;
    const book = typeof p === 'object' && p !== null && 'trackingBookNumber' in p && typeof p.trackingBookNumber === 'number' ? p.trackingBookNumber : null;
    const r = await receiveSubmitted(ctx, actor, dossierId, {
      expectedVersion: checkExpectedVersion(input.expectedVersion),
      comment: input.comment,
      trackingBookNumber: book,
      receivingUnitId: input.unitId ?? null,
    });
    return r.dossier;
  }
  return performAction(ctx, actor, dossierId, input);
}

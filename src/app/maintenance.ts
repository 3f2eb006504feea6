import { deleteExpiredSessions } from '../store/sessions.js';
import type { AppContext } from './context.js';

export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  return deleteExpiredSessions(ctx.db, ctx.clock());
}

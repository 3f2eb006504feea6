// Numbers for the role home pages, each scoped to the actor's jurisdiction.
import { sql } from 'kysely';
import type { Role } from '../domain/org.js';
import { countAudit } from '../store/audit.js';
import { jobCounts } from '../store/jobs.js';
import { listUnits } from '../store/units.js';
import type { UserActor } from './actor.js';
import { jurisdiction } from './authz.js';
import type { AppContext } from './context.js';

export async function homeSummary(ctx: AppContext, actor: UserActor) {
  const units = await listUnits(ctx.db, { includeInactive: true });
  const unitNames = new Map(units.map((u) => [u.id, u.short_name ?? u.name]));
  const unitsInScope: Partial<Record<Role, number>> = {};
  const staffInScope: Partial<Record<Role, number>> = {};
  for (const role of new Set(actor.memberships.map((m) => m.role))) {
    const scope = await jurisdiction(ctx.db, actor, [role]);
    unitsInScope[role] = scope.length;
    const r = await ctx.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(sql<number>`count(DISTINCT memberships.user_id)::int`.as('n'))
      .where('memberships.unit_id', 'in', scope.length ? scope : [-1])
      .where('users.active', '=', true)
      .executeTakeFirstOrThrow();
    staffInScope[role] = r.n;
  }
  const isAdmin = actor.memberships.some((m) => m.role === 'admin');
  return {
    unitNames,
    unitsInScope,
    staffInScope,
    deadJobs: isAdmin ? ((await jobCounts(ctx.db)).dead ?? 0) : 0,
    auditEntries: isAdmin ? await countAudit(ctx.db) : 0,
  };
}

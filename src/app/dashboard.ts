// Numbers for the role home pages, each scoped to the actor's jurisdiction.
import type { Role } from '../domain/org.js';
import { countAudit } from '../store/audit.js';
import { applicantFigures, assigneeFigures, deskFigures, leaderFigures, monitorFigures } from '../store/dashboard.js';
import { jobCounts } from '../store/jobs.js';
import { listUnits } from '../store/units.js';
import { countActiveMembers } from '../store/users.js';
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
    staffInScope[role] = await countActiveMembers(ctx.db, scope);
  }
  const isAdmin = actor.memberships.some((m) => m.role === 'admin');
  return {
    unitNames,
    unitsInScope,
    staffInScope,
    deadJobs: isAdmin ? ((await jobCounts(ctx.db)).dead ?? 0) : 0,
    auditEntries: isAdmin ? await countAudit(ctx.db) : 0,
    dossiers: await dossierFigures(ctx, actor),
  };
}

/** An on-time rate: dossiers whose processing ended, and those that ended early or on time against the original due. */
export interface OnTimeRate {
  ended: number;
  onTime: number;
}

/**
 * The dossier figures of the home pages, read from the projection for the actor's own scope: a desk's own units, the
 * official's own assignments, a leader's own units, a monitor's jurisdiction (every unit below), the applicant's own
 * dossiers. A figure is present only for a role the actor holds; the pages show no card for an absent one.
 * Lateness is judged at `ctx.clock()` against the stored due instants, like the inbox's late queue.
 */
export async function dossierFigures(ctx: AppContext, actor: UserActor) {
  const now = ctx.clock();
  const own = (role: Role) => [...new Set(actor.memberships.filter((m) => m.role === role).map((m) => m.unitId))];
  const desk = own('desk');
  const handles = actor.memberships.some((m) => m.role === 'specialist' || m.role === 'leader' || m.role === 'desk');
  const leader = own('leader');
  const monitored = actor.memberships.some((m) => m.role === 'monitor') ? await jurisdiction(ctx.db, actor, ['monitor']) : [];
  const deskCounts = desk.length ? await deskFigures(ctx.db, desk, now) : null;
  const mine = handles ? await assigneeFigures(ctx.db, actor.userId) : null;
  const leaderCounts = leader.length ? await leaderFigures(ctx.db, leader) : null;
  const monitorCounts = monitored.length ? await monitorFigures(ctx.db, monitored, now) : null;
  const applicant = actor.userKind !== 'staff' ? await applicantFigures(ctx.db, actor.userId) : null;
  return {
    desk: deskCounts,
    mine,
    leader: leaderCounts,
    monitor: monitorCounts && {
      onTimeRate: { ended: monitorCounts.ended, onTime: monitorCounts.onTime } satisfies OnTimeRate,
      lateWithoutApology: monitorCounts.lateWithoutApology,
    },
    applicant,
  };
}

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
  const ids = (xs: readonly number[]) => sql`${sql.val(xs.length ? [...xs] : [-1])}::bigint[]`;
  const p = () => ctx.db.selectFrom('dossier_projection');
  const n = (cond: ReturnType<typeof sql>) => sql<number>`(count(*) FILTER (WHERE ${cond}))::int`;
  const running = sql`phase = 'processing' AND clock_status = 'running'`;

  const desk = own('desk');
  const deskFigures = desk.length
    ? await p()
        .select([
          n(sql`phase = 'submitted' AND current_unit_id = ANY(${ids(desk)})`).as('submitted'),
          n(sql`phase = 'finished' AND current_unit_id = ANY(${ids(desk)})`).as('resultsToHandOver'),
          n(sql`${running} AND current_due_at < ${now} AND receiving_unit_id = ANY(${ids(desk)})`).as('receivedLate'),
        ])
        .where(sql<boolean>`current_unit_id = ANY(${ids(desk)}) OR receiving_unit_id = ANY(${ids(desk)})`)
        .executeTakeFirstOrThrow()
    : null;

  const handles = actor.memberships.some((m) => m.role === 'specialist' || m.role === 'leader' || m.role === 'desk');
  const mine = handles
    ? await p()
        .select([
          n(sql`phase IN ('processing', 'finished') AND waiting_for IS NULL`).as('toProcess'),
          n(sql`waiting_for = 'supplement'`).as('waitingSupplement'),
        ])
        .where('assignee_id', '=', actor.userId)
        .executeTakeFirstOrThrow()
    : null;

  const leader = own('leader');
  const leaderFigures = leader.length
    ? await p()
        .select([
          n(sql`status IN ('received', 'in_step')`).as('toAssign'),
          n(sql`status = 'awaiting_signature'`).as('toSign'),
        ])
        .where(sql<boolean>`phase = 'processing' AND current_unit_id = ANY(${ids(leader)})`)
        .executeTakeFirstOrThrow()
    : null;

  const monitored = actor.memberships.some((m) => m.role === 'monitor') ? await jurisdiction(ctx.db, actor, ['monitor']) : [];
  const monitorFigures = monitored.length
    ? await p()
        .select([
          n(sql`outcome_against_original IS NOT NULL`).as('ended'),
          n(sql`outcome_against_original IN ('early', 'on_time')`).as('onTime'),
          n(sql`NOT apologised AND (late_without_apology OR (${running} AND original_due_at < ${now}))`).as('lateWithoutApology'),
        ])
        .where(sql<boolean>`unit_ids && ${ids(monitored)}`)
        .executeTakeFirstOrThrow()
    : null;

  const applicant =
    actor.userKind !== 'staff'
      ? await p()
          .select([
            n(sql`phase <> 'draft'`).as('submitted'),
            n(sql`waiting_for = 'supplement' OR phase = 'supplement_before_reception'`).as('supplementRequested'),
          ])
          .where('applicant_user_id', '=', actor.userId)
          .executeTakeFirstOrThrow()
      : null;

  return {
    desk: deskFigures,
    mine,
    leader: leaderFigures,
    monitor: monitorFigures && {
      onTimeRate: { ended: monitorFigures.ended, onTime: monitorFigures.onTime } satisfies OnTimeRate,
      lateWithoutApology: monitorFigures.lateWithoutApology,
    },
    applicant,
  };
}

// The counts of the role home pages, read from the projection in one aggregate query per role. Lateness is judged at
// `now` against the stored due instants, as the inbox's late queue judges it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const ids = (xs: readonly number[]) => sql`${sql.val(xs.length ? [...xs] : [-1])}::bigint[]`;
const n = (cond: RawBuilder<unknown>) => sql<number>`(count(*) FILTER (WHERE ${cond}))::int`;
const running = sql`phase = 'processing' AND clock_status = 'running'`;

/** A desk's own units: submissions to receive, results to hand over, received dossiers now late. */
export async function deskFigures(db: Db, units: readonly number[], now: Date) {
  return db
    .selectFrom('dossier_projection')
    .select([
      n(sql`phase = 'submitted' AND current_unit_id = ANY(${ids(units)})`).as('submitted'),
      n(sql`phase = 'finished' AND current_unit_id = ANY(${ids(units)})`).as('resultsToHandOver'),
      n(sql`${running} AND current_due_at < ${now} AND receiving_unit_id = ANY(${ids(units)})`).as('receivedLate'),
    ])
    .where(sql<boolean>`current_unit_id = ANY(${ids(units)}) OR receiving_unit_id = ANY(${ids(units)})`)
    .executeTakeFirstOrThrow();
}

/** An official's own assignments. */
export async function assigneeFigures(db: Db, userId: number) {
  return db
    .selectFrom('dossier_projection')
    .select([n(sql`phase IN ('processing', 'finished') AND waiting_for IS NULL`).as('toProcess'), n(sql`waiting_for = 'supplement'`).as('waitingSupplement')])
    .where('assignee_id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** A leader's own units: dossiers to assign and to sign. */
export async function leaderFigures(db: Db, units: readonly number[]) {
  return db
    .selectFrom('dossier_projection')
    .select([n(sql`status IN ('received', 'in_step')`).as('toAssign'), n(sql`status = 'awaiting_signature'`).as('toSign')])
    .where(sql<boolean>`phase = 'processing' AND current_unit_id = ANY(${ids(units)})`)
    .executeTakeFirstOrThrow();
}

/** A monitor's jurisdiction: dossiers ended, ended on time, and late without an apology. */
export async function monitorFigures(db: Db, units: readonly number[], now: Date) {
  return db
    .selectFrom('dossier_projection')
    .select([
      n(sql`outcome_against_original IS NOT NULL`).as('ended'),
      n(sql`outcome_against_original IN ('early', 'on_time')`).as('onTime'),
      n(sql`NOT apologised AND (late_without_apology OR (${running} AND original_due_at < ${now}))`).as('lateWithoutApology'),
    ])
    .where(sql<boolean>`unit_ids && ${ids(units)}`)
    .executeTakeFirstOrThrow();
}

/** An applicant's own dossiers. */
export async function applicantFigures(db: Db, userId: number) {
  return db
    .selectFrom('dossier_projection')
    .select([n(sql`phase <> 'draft'`).as('submitted'), n(sql`waiting_for = 'supplement' OR phase = 'supplement_before_reception'`).as('supplementRequested')])
    .where('applicant_user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

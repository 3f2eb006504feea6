// Helpers shared by the dossier tests.
import type { AppContext } from '../../src/app/context.js';
import type { DocumentInput } from '../../src/app/dossiers/index.js';

/** Every document of the procedure's version in force, ticked as provided: a complete counter checklist. */
export async function fullChecklist(ctx: AppContext, procedureCode: string): Promise<(DocumentInput & { provided: boolean })[]> {
  const v = await ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.id', 'p.current_version_id')
    .select('v.body')
    .where('p.code', '=', procedureCode)
    .executeTakeFirstOrThrow();
  return (v.body as unknown as { documents: { name: string }[] }).documents.map((d) => ({ name: d.name, provided: true }));
}

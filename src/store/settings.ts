import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

/** Sets the value unless another process set it first; returns the value in force. */
export async function setSettingOnce(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db.insertInto('app_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(db, key))!;
}

/** The province's overrides of the default dossier rules: a JSON object (src/app/dossier-rules.ts reads it). */
export const DOSSIER_RULES_KEY = 'dossier_rules';

/** The value, locking its row until the transaction ends (no row: nothing is locked, and the upsert settles it). */
export async function getSettingForUpdate(trx: Kysely<Database>, key: string): Promise<string | undefined> {
  const r = await trx.selectFrom('app_settings').select('value').where('key', '=', key).forUpdate().executeTakeFirst();
  return r?.value;
}

export async function putSetting(trx: Kysely<Database>, key: string, value: string): Promise<void> {
  await trx.insertInto('app_settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

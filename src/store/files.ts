// Stored files: the metadata rows (the bytes are on disk under the upload directory, see src/app/dossiers/files.ts)
// and the links that say which dossiers reference a file.
import type { Kysely, Selectable } from 'kysely';
import type { Database, StoredFilesTable } from './schema.js';

type Db = Kysely<Database>;
export type StoredFileRow = Selectable<StoredFilesTable>;

export async function insertStoredFile(db: Db, row: StoredFileRow): Promise<StoredFileRow> {
  return db.insertInto('stored_files').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function getStoredFile(db: Db, id: string): Promise<StoredFileRow | undefined> {
  return db.selectFrom('stored_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getStoredFiles(db: Db, ids: readonly string[]): Promise<StoredFileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('stored_files').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/** Records that a dossier references these files (idempotent). */
export async function linkFiles(db: Db, dossierId: number, fileIds: readonly string[]): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (ids.length === 0) return;
  await db
    .insertInto('dossier_files')
    .values(ids.map((file_id) => ({ dossier_id: dossierId, file_id })))
    .onConflict((oc) => oc.columns(['dossier_id', 'file_id']).doNothing())
    .execute();
}

/** Drops the links of a dossier that are not in `keep` (a draft whose documents changed). */
export async function unlinkFilesExcept(db: Db, dossierId: number, keep: readonly string[]): Promise<void> {
  let q = db.deleteFrom('dossier_files').where('dossier_id', '=', dossierId);
  if (keep.length > 0) q = q.where('file_id', 'not in', [...new Set(keep)]);
  await q.execute();
}

/** The dossiers that reference a file. */
export async function dossiersReferencingFile(db: Db, fileId: string): Promise<number[]> {
  const rows = await db.selectFrom('dossier_files').select('dossier_id').where('file_id', '=', fileId).execute();
  return rows.map((r) => r.dossier_id);
}

/** The files already linked to a dossier, among `ids`. */
export async function filesLinkedTo(db: Db, dossierId: number, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('dossier_files')
    .select('file_id')
    .where('dossier_id', '=', dossierId)
    .where('file_id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.file_id));
}

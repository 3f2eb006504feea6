// The scans attached to the checklist. They are stored as soon as they are posted, whatever the button, so that a
// form shown again (a missing field, a preview) keeps them attached by id instead of asking for them again.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { getFileInfo, saveFile, type StoredFileView } from '../../../app/dossiers/index.js';
import { AppError, type FieldError } from '../../../domain/errors.js';
import type { PostedFile } from '../forms.js';
import type { DocValues } from './reception-values.js';

/** The scans kept with the checklist, null where a file can no longer be read (it is then dropped from the form). */
export function storedFiles(ctx: AppContext, req: FastifyRequest, docs: DocValues[]): Promise<(StoredFileView | null)[][]> {
  return Promise.all(
    docs.map((d) =>
      Promise.all(
        d.fileIds.map(async (id) => {
          try {
            return await getFileInfo(ctx, req.actor, id);
          } catch {
            return null;
          }
        }),
      ),
    ),
  );
}

/** Stores the posted scans into their documents' `fileIds`; a refused file is named next to its document. */
export async function storeScans(ctx: AppContext, req: FastifyRequest, docs: DocValues[], uploads: PostedFile[]): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  for (const u of uploads) {
    const m = /^docfile(\d+)$/.exec(u.field);
    const doc = m ? docs[Number(m[1])] : undefined;
    if (!doc) continue;
    try {
      const declared = u.type && u.type !== 'application/octet-stream' ? u.type : null;
      doc.fileIds.push((await saveFile(ctx, req.actor, { name: u.name, bytes: u.bytes, declaredType: declared })).id);
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'unavailable') throw e;
      const why = e.fields[0]?.message ?? e.messages;
      problems.push({ path: `docfile${m![1]}`, message: { vi: `${u.name}: ${why.vi}`, en: `${u.name}: ${why.en}` } });
    }
  }
  return problems;
}

// Uploaded files: scans of documents, supplements, electronic results. Stored outside the web root under the
// configured upload directory, named by a random id (never by the uploaded name), typed by their first bytes
// (PDF, JPEG, PNG only), limited in size, with their SHA-256 recorded and checked again on every read.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile as readFromDisk, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { AppError, forbidden, invalid, notFound } from '../../domain/errors.js';
import { hasRoleOver, ROLES } from '../../domain/org.js';
import { getDossierRows, listActionsOf } from '../../store/dossiers.js';
import { dossiersReferencingFile, getStoredFile, insertStoredFile, type StoredFileRow } from '../../store/files.js';
import type { Actor } from '../actor.js';
import { requireUser } from '../actor.js';
import { appendAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { inTransaction } from '../tx.js';
import { actionFromRow } from './codec.js';
import { accessOf, deriveLoaded } from './core.js';
import { unitSnapshot } from './pinning.js';

export const ALLOWED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AllowedMediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

export interface StoredFileView {
  id: string;
  name: string;
  mediaType: AllowedMediaType;
  sizeBytes: number;
  sha256: string;
  ownerUserId: number | null;
  createdAt: Date;
}

export interface SaveFileInput {
  /** The name the user's file had; kept for display and downloads only. */
  name: string;
  bytes: Uint8Array;
  /** The type the browser or client claimed; when given it must match what the bytes are. */
  declaredType?: string | null;
}

const FILE = { vi: 'tệp', en: 'File' };

const toView = (r: StoredFileRow): StoredFileView => ({
  id: r.id,
  name: r.original_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  ownerUserId: r.owner_user_id,
  createdAt: r.created_at,
});

/** The type the bytes actually are, from their signature; null for anything else. */
export function sniffMediaType(bytes: Uint8Array): AllowedMediaType | null {
  const b = bytes;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'application/pdf'; // %PDF-
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  return null;
}

const DECLARED_ALIASES: Record<string, AllowedMediaType> = {
  'application/pdf': 'application/pdf',
  'application/x-pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
};

/** The uploaded name reduced to something safe to show (downloads never use it: see downloadFileName). */
export function cleanFileName(name: string): string {
  const base = String(name ?? '')
    .split(/[\\/]/)
    .pop()!
    // Control characters, and the bidirectional controls that make "tep\u202Efdp.exe" read as "tepexe.pdf".
    .replace(/[\u0000-\u001f\u007f-\u009f"<>|*?:\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = base.length > 200 ? base.slice(0, 200) : base;
  return cut || 'tep';
}

const EXTENSION: Record<AllowedMediaType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * The name a stored file is served under, built by the server and never taken from the upload: the dossier's code,
 * what the file is (the document's name, or the action it came with), its number when the document has several, and
 * the extension of the type its bytes were found to be. `ascii` is for the plain filename parameter; `unicode` keeps
 * Vietnamese letters for filename*. Only letters, digits, dots of the code and hyphens: no control or bidirectional
 * character, no second extension.
 */
export function downloadFileName(dossierRef: string, label: string, n: number | null, mediaType: AllowedMediaType): { ascii: string; unicode: string } {
  const words = (s: string, keep: RegExp) =>
    s
      .normalize('NFC')
      .split(/[^\p{L}\p{N}]+/u)
      .map((w) => [...w].filter((c) => keep.test(c)).join(''))
      .filter(Boolean)
      .join('-')
      .slice(0, 80)
      .replace(/-+$/, '');
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const code = dossierRef.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 60) || 'ho-so';
  const build = (l: string) => [code, l || 'tep', ...(n === null ? [] : [String(n)])].join('_') + `.${EXTENSION[mediaType]}`;
  return { ascii: build(words(fold(label), /[A-Za-z0-9]/)), unicode: build(words(label, /[\p{Script=Latin}\p{N}]/u)) };
}

function storagePath(uploadDir: string, key: string): string {
  const root = resolve(uploadDir);
  const full = resolve(root, key);
  if (full !== root && !full.startsWith(root + sep)) throw new Error(`storage key ${key} escapes the upload directory`);
  return full;
}

const MB = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/** Stores an upload after checking its type and size; the metadata row and its audit entry commit together. */
export async function saveFile(ctx: AppContext, actor: Actor, input: SaveFileInput): Promise<StoredFileView> {
  const user = requireUser(actor);
  const bytes = input.bytes instanceof Uint8Array ? input.bytes : null;
  if (!bytes || bytes.length === 0)
    throw invalid('empty_file', { vi: 'Tệp rỗng', en: 'The file is empty' }, [{ path: 'file', message: { vi: 'Tệp không có nội dung', en: 'The file has no content' } }]);
  const max = ctx.config.uploadMaxBytes;
  if (bytes.length > max)
    throw invalid('file_too_large', { vi: `Tệp lớn hơn ${MB(max)}`, en: `The file is larger than ${MB(max)}` }, [
      { path: 'file', message: { vi: `Dung lượng tối đa ${MB(max)}`, en: `At most ${MB(max)}` } },
    ]);
  const type = sniffMediaType(bytes);
  if (!type)
    throw invalid('file_type_not_allowed', { vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG', en: 'Only PDF, JPEG or PNG files are accepted' }, [
      { path: 'file', message: { vi: 'Nội dung tệp không phải PDF, JPEG hay PNG', en: 'The content is not a PDF, JPEG or PNG' } },
    ]);
  if (input.declaredType) {
    const declared = DECLARED_ALIASES[input.declaredType.toLowerCase().split(';')[0]!.trim()];
    if (declared !== type)
      throw invalid('file_type_mismatch', { vi: 'Loại tệp khai báo không khớp nội dung', en: 'The declared type does not match the content' }, [
        { path: 'file', message: { vi: `Nội dung là ${type}, không phải ${input.declaredType}`, en: `The content is ${type}, not ${input.declaredType}` } },
      ]);
  }
  const now = ctx.clock();
  const id = randomBytes(18).toString('base64url');
  const iso = now.toISOString();
  const key = join(iso.slice(0, 4), iso.slice(5, 7), id).split(sep).join('/');
  const path = storagePath(ctx.config.uploadDir, key);
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  const tmp = `${path}.part`;
  await writeFile(tmp, bytes, { mode: 0o640, flag: 'wx' });
  await rename(tmp, path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    const row = await inTransaction(ctx, async (trx) => {
      const r = await insertStoredFile(trx, {
        id,
        sha256,
        size_bytes: bytes.length,
        media_type: type,
        original_name: cleanFileName(input.name),
        storage_key: key,
        owner_user_id: user.userId,
        created_at: now,
      });
      await appendAudit(trx, actor, now, { action: 'file.upload', targetType: 'file', targetId: id, details: { mediaType: type, sizeBytes: bytes.length, sha256 } });
      return r;
    });
    return toView(row);
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
}

/** Metadata of a file the actor may read (see readFile). */
export async function getFileInfo(ctx: AppContext, actor: Actor, id: string): Promise<StoredFileView> {
  const row = await authorisedFile(ctx, actor, id);
  return toView(row);
}

/**
 * The bytes of a file, for its owner, the applicant of a dossier that references it, or staff with jurisdiction
 * over such a dossier. Anyone else gets 404 (a file id reveals nothing). The content is checked against its SHA-256.
 */
export async function readFile(ctx: AppContext, actor: Actor, id: string): Promise<{ file: StoredFileView; data: Buffer }> {
  const row = await authorisedFile(ctx, actor, id);
  const data = await readFromDisk(storagePath(ctx.config.uploadDir, row.storage_key));
  if (createHash('sha256').update(data).digest('hex') !== row.sha256)
    throw new AppError('unavailable', 'file_corrupted', { vi: 'Tệp lưu trữ đã bị thay đổi hoặc hỏng', en: 'The stored file was altered or is damaged' });
  return { file: toView(row), data };
}

async function authorisedFile(ctx: AppContext, actor: Actor, id: string): Promise<StoredFileRow> {
  if (actor.kind !== 'system') requireUser(actor);
  const row = typeof id === 'string' && id.length <= 64 ? await getStoredFile(ctx.db, id) : undefined;
  if (!row) throw notFound(FILE);
  if (actor.kind === 'system' || (actor.kind === 'user' && row.owner_user_id === actor.userId)) return row;
  if (await mayReadThroughDossier(ctx, actor, id)) return row;
  if (actor.kind === 'user' && actor.userKind === 'staff') throw forbidden();
  throw notFound(FILE);
}

async function mayReadThroughDossier(ctx: AppContext, actor: Actor, fileId: string): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  const ids = await dossiersReferencingFile(ctx.db, fileId);
  if (ids.length === 0) return false;
  const rows = await getDossierRows(ctx.db, ids);
  if (rows.some((r) => r.applicant_user_id === actor.userId)) return true;
  if (actor.userKind !== 'staff') return false;
  const units = await unitSnapshot(ctx);
  // Cheap first: the dossier's own units.
  for (const r of rows)
    for (const u of [r.receiving_unit_id, r.competent_unit_id]) if (u !== null && hasRoleOver(actor.memberships, ROLES, u, units.parentOf)) return true;
  // Then every unit the dossier involves (steps, consultations, participants).
  const actions = await listActionsOf(ctx.db, ids);
  const now = ctx.clock();
  for (const r of rows) {
    const l = await deriveLoaded(ctx, r, (actions.get(r.id) ?? []).map(actionFromRow), now, units);
    if (accessOf(actor, l) === 'staff') return true;
  }
  return false;
}

/** For tests and maintenance: the absolute path of a stored file's bytes. */
export function storedFilePath(ctx: AppContext, storageKey: string): string {
  return storagePath(ctx.config.uploadDir, storageKey);
}

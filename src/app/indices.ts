// The Decision 766 calculator: counts in, points out, by a methodology read from config/indices/. Public and
// stateless: nothing is read from or written to the database.
import { vnDateOf } from '../domain/calendar/index.js';
import { fieldInvalid } from '../domain/errors.js';
import {
  checkMethodologies,
  defaultMethodology,
  parseMethodology,
  score766,
  type Methodology,
  type ScoreResult,
} from '../domain/indices/index.js';
import { METHODOLOGY_DIR, readMethodologyFiles } from '../store/methodologies.js';
import type { AppContext } from './context.js';

let cached: Methodology[] | undefined;

/**
 * Every methodology in the directory, validated, sorted by start of validity. Read once per process: a new year's
 * file takes effect at the next start, like a migration. A bad file fails loudly with its path and the bad field.
 */
export function loadMethodologies(dir?: string): Methodology[] {
  if (dir !== undefined) return readAndCheck(dir);
  cached ??= readAndCheck(METHODOLOGY_DIR());
  return cached;
}

function readAndCheck(dir: string): Methodology[] {
  const list = checkMethodologies(readMethodologyFiles(dir).map((f) => parseMethodology(f.json, f.file)));
  if (list.length === 0) throw new Error(`${dir}: no Decision 766 methodology (*.json)`);
  return list;
}

export interface ScoreRequest {
  indicators: Readonly<Record<string, unknown>>;
  methodology?: string | undefined;
}

export function methodologyFor(ctx: AppContext, id: string | undefined, list = loadMethodologies()): Methodology {
  if (id === undefined) {
    // Non-empty by construction (readAndCheck), so there is always a default.
    return defaultMethodology(list, vnDateOf(ctx.clock()))!;
  }
  const m = list.find((x) => x.id === id);
  if (!m)
    throw fieldInvalid('methodology', {
      vi: `Không có phương pháp tính "${id}"; hiện có: ${list.map((x) => x.id).join(', ')}`,
      en: `No methodology "${id}"; available: ${list.map((x) => x.id).join(', ')}`,
    });
  return m;
}

export function score766Index(ctx: AppContext, req: ScoreRequest, list = loadMethodologies()): ScoreResult {
  return score766(methodologyFor(ctx, req.methodology, list), req.indicators);
}

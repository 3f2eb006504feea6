// The Decision 766 methodologies ship as JSON files in config/indices/ (docs/indices.md): reading them is I/O, so it
// lives here; what makes one valid is the domain's business.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './migrate.js';

export interface MethodologyFile {
  file: string;
  /** The parsed JSON, not yet validated. */
  json: unknown;
}

export const METHODOLOGY_DIR = () => join(projectRoot(), 'config', 'indices');

export function readMethodologyFiles(dir = METHODOLOGY_DIR()): MethodologyFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      try {
        const json: unknown = JSON.parse(text);
        return { file, json };
      } catch (e) {
        throw new Error(`${join(dir, file)}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
}

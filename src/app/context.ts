import type { Kysely } from 'kysely';
import type { DbHandle, Engine } from '../store/db.js';
import type { Database } from '../store/schema.js';
import type { AppConfig } from './config.js';

/** Everything a use case needs from the outside world; the clock is injected so tests control time. */
export interface AppContext {
  db: Kysely<Database>;
  engine: Engine;
  handle: DbHandle;
  config: AppConfig;
  clock: () => Date;
}

export function createContext(handle: DbHandle, config: AppConfig, clock: () => Date = () => new Date()): AppContext {
  return { db: handle.db, engine: handle.engine, handle, config, clock };
}

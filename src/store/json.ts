// jsonb columns are parsed with zod where the store reads them, so that nothing above the store casts them.
import { z } from 'zod';

/** A stored value that does not have its column's shape is a broken store, not a caller's mistake: it stops the read. */
export function parseColumn<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${where} does not have its stored shape: ${z.prettifyError(r.error)}`);
  return r.data;
}

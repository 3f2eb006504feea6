// A request part whose route checks less than its documentation shows: the route validates `checked` (the envelope),
// a deeper layer parses the rest with its own schema, and OpenAPI shows `shown`, that precise shape.
import type { z } from 'zod';

const shownFor = new WeakMap<object, z.ZodType>();

export function documentedAs<T extends z.ZodType>(checked: T, shown: z.ZodType): T {
  shownFor.set(checked, shown);
  return checked;
}

/** The route schema as OpenAPI should show it (for the swagger transform). */
export function shownSchema<S>(schema: S): S {
  if (typeof schema !== 'object' || schema === null || !('body' in schema) || typeof schema.body !== 'object' || schema.body === null) return schema;
  const shown = shownFor.get(schema.body);
  return shown ? { ...schema, body: shown } : schema;
}

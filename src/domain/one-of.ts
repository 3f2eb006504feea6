// Reading values of unknown shape without casts: membership in a list of literals (`list.includes(v)` does not narrow
// `v`, and widening the list to string[] to call it is a cast), and a field of something that may be an object.

/** Whether `v` is one of `list`'s values. */
export function isOneOf<T>(list: readonly T[], v: unknown): v is T {
  return list.some((x) => x === v);
}

/** A field of a value read without trusting its shape: undefined unless `o` is an object that has it. */
export function fieldOf(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && key in o ? Reflect.get(o, key) : undefined;
}

// Growing a typed array: the columns, tables and scratch arrays of the index, detect and language modules keep
// their rows in typed arrays sized ahead and copied into a larger one when they fill.

type Grown = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** A new array of `a`'s type and `length` elements, starting with a's (length ≥ a.length). */
export function grownTo<T extends Grown>(a: T, length: number): T {
  const next = new (a.constructor as new (n: number) => T)(length);
  next.set(a);
  return next;
}

/** Typed arrays grown by copying into a longer one of the same kind (the row buffers grow by doubling). */

/** A copy of `a` with length `n` (>= a.length), the rest zero. */
export function grown<T extends Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a);
  return b;
}

/** Throws unless `capacity` is an integer >= 1 (`fn` names the caller). */
export function checkCapacity(fn: string, capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`${fn}: capacity must be an integer >= 1, got ${capacity}`);
}

/**
 * Row buffers as typed columns (DESIGN §10: hot loops run on typed arrays). A table names its columns once, in a spec
 * of column name → typed-array kind: `newColumns` allocates them, `growColumns` lengthens every one of them, and the
 * table's type is read from the spec (`Columns`) — a column is added in one place.
 */
import { grown } from './grow.js';

type ColumnKind = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;

/** Column name → the typed-array kind that holds it. */
export type ColumnSpec = Readonly<Record<string, ColumnKind>>;

/** The columns of a spec, each a typed array of its kind. */
export type Columns<S extends ColumnSpec> = { -readonly [K in keyof S]: InstanceType<S[K]> };

/**
 * A table: the fields of `before`, every column of `spec` (`capacity` rows long, zeroed) in the spec's order, then the
 * fields of `after` (one object shape). Made by `Object.fromEntries`, whose object keeps fast properties: stores of
 * 20 or more names one by one (or by `Object.assign`) give V8's hash table of properties (docs/scale.md "Session 13:
 * copies"), and the rows' hot loops would read every column by hash.
 */
export function newColumns<S extends ColumnSpec, T extends object, U extends object = {}>(spec: S, capacity: number, before: T, after?: U): T & Columns<S> & U {
  const entries: [string, unknown][] = Object.entries(before);
  for (const name of Object.keys(spec)) entries.push([name, new spec[name]!(capacity)]);
  if (after !== undefined) for (const e of Object.entries(after)) entries.push(e);
  return Object.fromEntries(entries) as T & Columns<S> & U;
}

/** Every column of `spec` in `table` lengthened to `n` rows (n >= their length), what they held kept. */
export function growColumns<S extends ColumnSpec>(table: Columns<S>, spec: S, n: number): void {
  const t = table as Record<string, Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>;
  for (const name of Object.keys(spec)) t[name] = grown(t[name]!, n);
}

/**
 * `mapArray(xs, f)`: `xs.map(f)` with one hidden class in every V8 tier. Array.prototype.map returns a PACKED array
 * from the interpreter and a HOLEY one once TurboFan has inlined it, so an array a hot caller builds with `map`
 * changes shape when that caller is optimised, and every optimised function reading such arrays is deoptimised and
 * compiled again (bench/first-cascade.js: the clearing's functions, in a fresh process's first cascade). A loop
 * pushing into `[]` gives the same elements kind in every tier.
 */
export function mapArray<T, U>(xs: ArrayLike<T>, f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i]!, i));
  return out;
}

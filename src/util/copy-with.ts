/**
 * `copyWith(x, changes)`: `{ ...x, ...changes }` with one hidden class in every V8 tier. An object spread's shape
 * differs once TurboFan has compiled the function doing it (V8's `%HaveSameMap` in a probe), so the copies a run makes
 * with spreads — the engines' states, made again for every run — changed shape when their builders were optimised,
 * after a few runs in a process, and the engines' code was deoptimised. Object.assign stays a builtin call in every
 * tier and gives the same shape.
 */
export function copyWith<T extends object, U extends object>(x: T, changes: U): Omit<T, keyof U> & U {
  return Object.assign({}, x, changes);
}

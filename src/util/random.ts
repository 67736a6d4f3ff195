/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32, so that
 * every stream is fixed by its seed and independent of call order elsewhere. No hidden global state.
 */

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number;
}

/** A generator for `seed` (any integer) and an optional stream index (a path, a pair). */
export function createRng(seed: number, stream = 0): Rng {
  return new Xoshiro128(seed, stream);
}

/**
 * xoshiro128** with its four words kept as signed 32-bit integers (`| 0`: the same bits, so the same stream; every
 * operation on them reads 32 bits) in the fields of one class: one object shape and one set of methods for every
 * generator, where a closure per generator gave each its own functions and deoptimised the code that called them.
 */
class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    const init = splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d));
    this.a = init() | 0;
    this.b = init() | 0;
    this.c = init() | 0;
    this.d = init() | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  private nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11) | 0;
    return r;
  }

  next(): number {
    return this.nextU32() / 4294967296;
  }

  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

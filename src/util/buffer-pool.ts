/**
 * Typed arrays given back and handed out again (an arena by exact length): the exposure game's runs each copy every
 * store's amounts and the liquidation index's per-position columns at their start and at forks (megabytes a run, the
 * 12-protocol game's 362 runs several GB: docs/scale.md "Run copies"); a run that is over gives its copies back through
 * its lease, and the next run's copy writes into them (`set`) instead of allocating, zero-filling and later collecting
 * a fresh buffer. A pool belongs to its owner (the game's prepared runs), never to the module.
 *
 * A lease is one state's buffers: everything `copy` and `zeros` hand out through it is that state's alone (never shared
 * with another state), so `release` — when nothing reads the state any more — gives all of it back at once. The pool
 * never hands out a buffer a lease still holds (it tracks them) and refuses a buffer given back twice or not its own.
 * With `poison`, a buffer given back is overwritten at once (NaN, or all bits set): a test's run that still read it
 * would go wrong.
 */
export type PooledArray = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

type PooledConstructor = { new (n: number): PooledArray };

export const BUFFER_POOL_DEFAULTS = {
  /** Overwrite every buffer given back (tests: a use after release shows in the results). */
  poison: false,
};

// The pool's bookkeeping, reachable from leases only (set in BufferPool's static block): a caller holding the pool
// cannot give back or take a buffer a lease holds.
let takeFree: (pool: BufferPool, kind: PooledConstructor, length: number) => PooledArray | null;
let trackNew: (pool: BufferPool, x: PooledArray) => void;
let giveBack: (pool: BufferPool, x: PooledArray) => void;

export class BufferPool {
  readonly #free = new Map<PooledConstructor, Map<number, PooledArray[]>>();
  readonly #leased = new Set<PooledArray>();
  readonly #poison: boolean;
  /** Buffers handed out again rather than allocated, and allocated because none of the length was free. */
  reused = 0;
  allocated = 0;

  constructor(options: Partial<typeof BUFFER_POOL_DEFAULTS> = {}) {
    for (const key of Object.keys(options)) if (!(key in BUFFER_POOL_DEFAULTS)) throw new Error(`BufferPool: unknown option ${JSON.stringify(key)} (known: ${Object.keys(BUFFER_POOL_DEFAULTS).join(', ')})`);
    const o = { ...BUFFER_POOL_DEFAULTS, ...options };
    if (typeof o.poison !== 'boolean') throw new Error(`BufferPool: option poison must be a boolean, got ${String(o.poison)}`);
    this.#poison = o.poison;
  }

  /** A new lease: the buffers of one state. */
  lease(): BufferLease {
    return new BufferLease(this);
  }

  /** How many buffers leases hold now. */
  get inUse(): number {
    return this.#leased.size;
  }

  static {
    takeFree = (pool, kind, length) => {
      const x = pool.#free.get(kind)?.get(length)?.pop();
      if (x === undefined) return null;
      pool.#leased.add(x);
      pool.reused++;
      return x;
    };
    trackNew = (pool, x) => {
      pool.#leased.add(x);
      pool.allocated++;
    };
    giveBack = (pool, x) => {
      if (!pool.#leased.delete(x)) throw new Error('BufferPool: a buffer given back is not in use from this pool (given back twice, or never handed out)');
      if (pool.#poison) x.fill(x instanceof Float64Array ? Number.NaN : -1);
      const kind = x.constructor as PooledConstructor;
      let byLength = pool.#free.get(kind);
      if (!byLength) pool.#free.set(kind, (byLength = new Map()));
      const list = byLength.get(x.length);
      if (list) list.push(x);
      else byLength.set(x.length, [x]);
    };
  }
}

export class BufferLease {
  private held: PooledArray[] = [];
  private released = false;

  constructor(private readonly pool: BufferPool) {}

  /** A copy of `src`, in a buffer of the pool when one of its kind and length is free. */
  copy<T extends PooledArray>(src: T): T {
    this.check('copy');
    if (!ArrayBuffer.isView(src) || src instanceof DataView) throw new Error(`BufferLease.copy: expected a typed array, got ${Object.prototype.toString.call(src)}`);
    const x = takeFree(this.pool, src.constructor as PooledConstructor, src.length) as T | null;
    if (x === null) return this.keep(src.slice() as T);
    x.set(src as never);
    this.held.push(x);
    return x;
  }

  /** A zero-filled array of `kind` and `length`, in a buffer of the pool when one is free. */
  zeros<T extends PooledArray>(kind: { new (n: number): T }, length: number): T {
    this.check('zeros');
    const x = takeFree(this.pool, kind, length) as T | null;
    if (x === null) return this.keep(new kind(length));
    x.fill(0);
    this.held.push(x);
    return x;
  }

  /** Gives every buffer of the lease back: the state holding them must never be read again. */
  release(): void {
    this.check('release');
    this.released = true;
    for (const x of this.held) giveBack(this.pool, x);
    this.held = [];
  }

  private keep<T extends PooledArray>(x: T): T {
    trackNew(this.pool, x);
    this.held.push(x);
    return x;
  }

  private check(call: string): void {
    if (this.released) throw new Error(`BufferLease.${call}: the lease was released; take a new one`);
  }
}

/** A copy of `x`: through `lease` when there is one, else a fresh slice. */
export function copyArray<T extends PooledArray>(x: T, lease: BufferLease | undefined): T {
  return lease === undefined ? (x.slice() as T) : lease.copy(x);
}

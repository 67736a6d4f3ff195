/**
 * Packed integer keys: several small indices in one number, so that hot loops key a Map or a Set without building a
 * string. Every key stays an exact integer in a double (< 2^53); the layout of each is stated beside it, and this is
 * the one module that packs or unpacks one.
 */

/** Markets of one protocol (and assets of one network) are fewer than this: a packed key's second field. */
const FIELD = 65536;

/** A protocol's market: protocol · 65536 + market. */
export function marketKey(protocol: number, market: number): number {
  return protocol * FIELD + market;
}

/** The protocol index of a `marketKey`. */
export function marketKeyProtocol(key: number): number {
  return Math.floor(key / FIELD);
}

/** The market index of a `marketKey`. */
export function marketKeyMarket(key: number): number {
  return key % FIELD;
}

/**
 * A position of a protocol's market: marketKey · 2^26 + ref — exact for protocols < 2048 and refs < 2^26 (67 million
 * positions in one market).
 */
export function positionKey(protocol: number, market: number, ref: number): number {
  return marketKey(protocol, market) * 2 ** 26 + ref;
}

/** A collateral → debt pair of asset indices, whatever the asset count: collateral · 65536 + debt. */
export function assetPairKey(collateral: number, debt: number): number {
  return collateral * FIELD + debt;
}

/** An ordered pair among n indices (assets, or a venue and an asset): from · n + to. */
export function pairKey(from: number, to: number, n: number): number {
  return from * n + to;
}

/** The first index of a `pairKey`. */
export function pairKeyFrom(key: number, n: number): number {
  return Math.floor(key / n);
}

/** The second index of a `pairKey`. */
export function pairKeyTo(key: number, n: number): number {
  return key % n;
}

/** A route a round's sales are put aside on: (side · n + from) · n + to, side 1 for a purchase, 0 for a sale. */
export function routeKey(side: number, from: number, to: number, n: number): number {
  return (side * n + from) * n + to;
}

/** The asset sold along a `routeKey` (the collateral of a sale). */
export function routeKeyFrom(key: number, n: number): number {
  return Math.floor(key / n) % n;
}

/** Whether a `routeKey` is a sale of an asset into itself (no venue needed). */
export function isSelfSale(key: number, n: number): boolean {
  return key < n * n && Math.floor(key / n) === key % n;
}

/**
 * The key liquidator offers are grouped by and decided in the order of: market, kind (its batch code: liquidation 0,
 * auction 1, storefront 2, absorb 3), collateral and debt asset — ((market · 4 + kind) · n + collateral) · n + debt.
 */
export function groupKey(market: number, kindCode: number, collateral: number, debt: number, n: number): number {
  return ((market * 4 + kindCode) * n + collateral) * n + debt;
}

/** The market of a `groupKey`. */
export function groupKeyMarket(key: number, n: number): number {
  return Math.floor(key / (n * n * 4));
}

/** The debt asset of a `groupKey`. */
export function groupKeyDebt(key: number, n: number): number {
  return key % n;
}

/** The collateral asset of a `groupKey`. */
export function groupKeyCollateral(key: number, n: number): number {
  return Math.floor(key / n) % n;
}

/** A `groupKey` with its two assets replaced by their ranks (`rank[asset]`), for ordering groups by asset id. */
export function rankedGroupKey(key: number, rank: ArrayLike<number>): number {
  const n = rank.length;
  const d = key % n;
  const c = Math.floor(key / n) % n;
  return key - c * n - d + rank[c]! * n + rank[d]!;
}

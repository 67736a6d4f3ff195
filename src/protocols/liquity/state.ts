/**
 * The compiled state of a liquity protocol: one entry per branch (v1: the one ETH branch; v2: one per collateral)
 * with its ratios, its stability pool, the branch totals that decide recovery mode (v1) and shutdown (v2), and the
 * troves in a position store sorted by debt/collateral (liquity/dev SortedTroves orders by NICR = coll/debt).
 * Redistribution maps every active trove's debt/coll ratio r to (r + debt per stake) / (1 + coll per stake) and
 * interest adds the same rate to every recorded debt, so the order never goes stale: a round walks it from the
 * riskiest trove and stops at the first that cannot be liquidated.
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { AssetIndex } from '../engine.js';
import type { GeneratorFit } from '../generator.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, type PositionStore } from '../position-store.js';
import { argsortNonNegative } from '../shared/liquidation-index.js';
import { ETH_GAS_COMPENSATION, LUSD_GAS_COMPENSATION } from './constants.js';
import type { LiquityVersion } from './math.js';
import { assetLookup, marketReserves } from '../shared/store-market.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type LiquityProtocol = Extract<Protocol, { family: 'liquity' }>;

/** Options of the liquity engine (createLiquityEngine). */
export interface LiquityOptions {
  /** v1: apply recovery mode (TCR < CCR) as the contract does; false for the plain configuration (DESIGN §5). */
  recoveryMode: boolean;
  /** Share of the stability pool's collateral gains the cascade may sell (DESIGN §10: the pool keeps them by default). */
  spSellShare: number;
}

export const DEFAULTS: LiquityOptions = { recoveryMode: true, spSellShare: 0 };

export interface LiquityBranchState {
  id: string;
  version: LiquityVersion;
  assetCount: number;
  collAsset: number;
  debtAsset: number;
  MCR: number;
  CCR: number;
  /** v2 shutdown ratio; 0 under v1. */
  SCR: number;
  /** v2 penalties (0 under v1, whose penalty is implicit). */
  liquidationPenaltySP: number;
  liquidationPenaltyRedistribution: number;
  /** Paid from the gas pool per trove (v1: 200 of the debt token; v2: 0.0375 WETH/ETH, null when the network has neither); one object shared by the executions. */
  gasPoolCompensation: { readonly asset: number; readonly amount: number } | null;
  store: PositionStore;
  firstGenerated: number;
  fits: GeneratorFit[];
  /** Troves with collateral, by debt/coll ascending: the riskiest at the end. */
  order: Uint32Array;
  /** order[0 .. tail) may still hold active troves. */
  tail: number;
  /** Troves owing debt with no collateral (ICR 0): checked every round. */
  noCollateral: number[];
  closed: Uint8Array;
  activeCount: number;
  /** Σ collateral of the active troves (the total stake). */
  activeStake: number;
  /** Branch collateral and debt (activePool + defaultPool): the TCR's terms. */
  systemColl: number;
  systemDebt: number;
  /** Stability pool: debt-token deposits and its collateral gains (held; the pool keeps them). */
  spDeposits: number;
  spColl: number;
  /** Collateral returned to borrowers (CollSurplusPool). */
  collSurplus: number;
  /**
   * v2 interest: the branch's annual rate, simple, on each trove's recorded debt (kept in the store's
   * `recordedDebt`, per debt entry: the store folds the interest in lazily), and Σ recorded debt of the open troves.
   */
  annualRate: number;
  openRecordedDebt: number;
  /** v2: the branch was shut down (TCR < SCR); interest stops, liquidations go on. */
  shutdown: boolean;
  shutdownTime: number;
  /** Debt that could be neither offset nor redistributed (no other trove holds collateral), debt tokens. */
  badDebt: number;
  reserves: Float64Array;
}

export interface LiquityState {
  protocol: string;
  version: LiquityVersion;
  options: LiquityOptions;
  branches: LiquityBranchState[];
}

/** The branch's annual interest rate: v1 charges none (a one-off fee), v2 the branch's simple rate. */
function branchRate(where: string, version: LiquityVersion, rm: LiquityProtocol['markets'][number]['borrowables'][number]['rateModel']): number {
  if (version === 'v1') {
    if (!(rm.model === 'none' || (rm.model === 'fixed' && rm.rate === 0)))
      throw new Error(`${where}: Liquity v1 charges no interest (a one-off borrowing fee); expected rateModel "none", got "${rm.model}"`);
    return 0;
  }
  if (rm.model === 'fixed') return rm.rate;
  if (rm.model !== 'none') throw new Error(`${where}: Liquity v2 troves pay user-set simple interest; expected rateModel "fixed" (the branch's rate) or "none", got "${rm.model}"`);
  return 0;
}

/** The branch's troves from its store: which entries are no trove, the sorted list by debt / collateral, the system's totals. */
function troveBook(where: string, store: PositionStore) {
  const closed = new Uint8Array(store.count);
  const key = new Float64Array(store.count);
  const members: number[] = [];
  const noCollateral: number[] = [];
  let systemColl = 0;
  let systemDebt = 0;
  let activeCount = 0;
  for (let i = 0; i < store.count; i++) {
    const nc = store.collStart[i + 1]! - store.collStart[i]!;
    const nd = store.debtStart[i + 1]! - store.debtStart[i]!;
    const coll = nc === 1 ? store.collAmount[store.collStart[i]!]! : 0;
    const debt = nd === 1 ? debtAt(store, store.debtStart[i]!) : 0;
    if (nd !== 1 || !(debt > 0)) {
      if (nc === 0 || coll === 0) {
        closed[i] = 1; // an empty entry is no trove
        continue;
      }
      throw new Error(`${where}: trove ${i} holds collateral but owes nothing; a trove owes at least the minimum debt (v1 2,000 LUSD with the 200 gas compensation, v2 2,000 BOLD)`);
    }
    activeCount++;
    systemDebt += debt;
    if (nc !== 1 || !(coll > 0)) {
      noCollateral.push(i);
      continue;
    }
    systemColl += coll;
    key[i] = debt / coll;
    members.push(i);
  }
  const mk = new Float64Array(members.length);
  members.forEach((i, j) => (mk[j] = key[i]!));
  const perm = argsortNonNegative(mk);
  const order = new Uint32Array(members.length);
  for (let j = 0; j < perm.length; j++) order[j] = members[perm[j]!]!;
  return { closed, order, noCollateral, systemColl, systemDebt, activeCount };
}

/** With interest, each open trove's recorded debt (v2's simple interest accrues on it); the open troves' total. */
function recordDebts(store: PositionStore, closed: Uint8Array, annualRate: number): number {
  if (!(annualRate > 0)) return 0;
  let open = 0;
  const recorded = new Float64Array(store.debtStart[store.count]!);
  for (let i = 0; i < store.count; i++) {
    if (closed[i]) continue;
    const k = store.debtStart[i]!;
    recorded[k] = debtAt(store, k);
    open += recorded[k]!;
  }
  store.recordedDebt = recorded;
  return open;
}

function compileBranch(network: Network, p: LiquityProtocol, mi: number, assets: AssetIndex, weth: number): LiquityBranchState {
  const m = p.markets[mi]!;
  const n = network.assets.length;
  const where = `liquityEngine.compile: protocol "${p.id}" branch "${m.id}"`;
  const idx = assetLookup(where, assets);
  const c = m.collaterals[0];
  const b = m.borrowables[0];
  if (!c || !b || m.collaterals.length !== 1 || m.borrowables.length !== 1)
    throw new Error(`${where}: a branch has exactly one collateral and one debt token, got ${m.collaterals.length} and ${m.borrowables.length}`);
  const annualRate = branchRate(where, p.version, b.rateModel);
  const collAsset = idx(c.asset);
  const debtAsset = idx(b.asset);
  const { store, firstGenerated, fits } = buildMarketStore(network, p, m, assets);
  const book = troveBook(where, store);
  // The protocol's market-less reserve entries sit with its first branch.
  const reserves = marketReserves(p, m.id, mi, n, idx);
  const openRecordedDebt = recordDebts(store, book.closed, annualRate);
  return {
    id: m.id,
    version: p.version,
    assetCount: n,
    collAsset,
    debtAsset,
    MCR: c.MCR,
    CCR: c.CCR,
    SCR: c.SCR ?? 0,
    liquidationPenaltySP: m.liquidationPenaltySP ?? 0,
    liquidationPenaltyRedistribution: m.liquidationPenaltyRedistribution ?? 0,
    gasPoolCompensation: p.version === 'v1' ? Object.freeze({ asset: debtAsset, amount: LUSD_GAS_COMPENSATION }) : weth >= 0 ? Object.freeze({ asset: weth, amount: ETH_GAS_COMPENSATION }) : null,
    store,
    firstGenerated,
    fits,
    order: book.order,
    tail: book.order.length,
    noCollateral: book.noCollateral,
    closed: book.closed,
    activeCount: book.activeCount,
    activeStake: book.systemColl,
    systemColl: book.systemColl,
    systemDebt: book.systemDebt,
    spDeposits: m.stabilityPool,
    spColl: 0,
    collSurplus: 0,
    annualRate,
    openRecordedDebt,
    shutdown: false,
    shutdownTime: Number.NaN,
    badDebt: 0,
    reserves,
  };
}

export function compileLiquity(network: Network, protocol: Protocol, assets: AssetIndex, options: LiquityOptions): LiquityState {
  if (protocol.family !== 'liquity') throw new Error(`liquityEngine.compile: expected a liquity protocol, got "${protocol.family}" (${protocol.id})`);
  const p = protocol as LiquityProtocol;
  const weth = assets.get('WETH') ?? assets.get('ETH') ?? -1;
  const branches = p.markets.map((_, mi) => compileBranch(network, p, mi, assets, weth));
  return { protocol: p.id, version: p.version, options: { ...options }, branches };
}

export function cloneLiquity(s: LiquityState, lease?: BufferLease): LiquityState {
  return copyWith(s, {
    options: copyWith(s.options, {}),
    branches: mapArray(s.branches, (b) => cloneBranch(b, lease)),
  });
}

/**
 * A branch's copy, one literal in compileBranch's field order: as `copyWith` it had dictionary properties (V8 gives
 * `Object.assign({}, …)` a hash table of properties past 19 fields; a branch has 31), read by hash in every run.
 */
function cloneBranch(b: LiquityBranchState, lease?: BufferLease): LiquityBranchState {
  return {
    id: b.id,
    version: b.version,
    assetCount: b.assetCount,
    collAsset: b.collAsset,
    debtAsset: b.debtAsset,
    MCR: b.MCR,
    CCR: b.CCR,
    SCR: b.SCR,
    liquidationPenaltySP: b.liquidationPenaltySP,
    liquidationPenaltyRedistribution: b.liquidationPenaltyRedistribution,
    gasPoolCompensation: b.gasPoolCompensation,
    store: cloneStore(b.store, lease),
    firstGenerated: b.firstGenerated,
    fits: b.fits,
    order: b.order,
    tail: b.tail,
    noCollateral: b.noCollateral.slice(),
    closed: b.closed.slice(),
    activeCount: b.activeCount,
    activeStake: b.activeStake,
    systemColl: b.systemColl,
    systemDebt: b.systemDebt,
    spDeposits: b.spDeposits,
    spColl: b.spColl,
    collSurplus: b.collSurplus,
    annualRate: b.annualRate,
    openRecordedDebt: b.openRecordedDebt,
    shutdown: b.shutdown,
    shutdownTime: b.shutdownTime,
    badDebt: b.badDebt,
    reserves: b.reserves.slice(),
  };
}

/**
 * The compiled state of a maker protocol: per ilk (market) its Spotter/Dog/Clipper (or Cat/Flipper) parameters,
 * the vaults in a position store (ink and art·rate, whole tokens), the vaults ordered by liquidation price, the
 * auction book, the vow's booked sin and the surplus buffer that receives liquidation penalties
 * (makerdao/dss src/vat.sol, dog.sol, clip.sol, cat.sol, flip.sol, vow.sol).
 */
import type { Network, Protocol } from '../../network/schema/network.js';
import type { ClipAuction, FlipAuction } from '../../network/schema/protocol/maker.js';
import { argsortNonNegative } from '../shared/liquidation-index.js';
import type { AssetIndex } from '../engine.js';
import { buildMarketStore } from '../market-store.js';
import { cloneStore, debtAt, setDebtAt, type PositionStore } from '../position-store.js';
import { cloneBook, emptyBook, type AuctionBook } from './book.js';
import { chost } from './clipper.js';
import { priceCurve, type PriceCurve } from './abaci.js';
import { mapArray } from '../../util/map-array.js';
import { copyWith } from '../../util/copy-with.js';
import type { BufferLease } from '../../util/buffer-pool.js';

type MakerProtocol = Extract<Protocol, { family: 'maker' }>;

export interface MakerIlkState {
  id: string;
  /** Asset indices of the ilk's collateral and of DAI/USDS. */
  collateral: number;
  debt: number;
  mat: number;
  chop: number;
  /** vat.ilks.dust: least debt of a vault, DAI. */
  dust: number;
  /** dog.ilks.hole (clip) in DAI of tab; Number.MAX_VALUE when the fixture sets none. */
  hole: number;
  /** dog.ilks.dirt: DAI of tab in this ilk's open auctions. */
  dirt: number;
  /** Stability fee as the annual compounded rate (jug duty). */
  duty: number;
  /** Accumulated rate growth since the snapshot (vat.ilks.rate with rate = 1 at the snapshot). */
  rate: number;
  auction: ClipAuction | FlipAuction;
  /** Clipper.chost = dust × chop (0 for flip). */
  chost: number;
  /** clip: the calc with its memo (shared by clones: a pure function of calc); null for flip. */
  curve: PriceCurve | null;
  store: PositionStore;
  firstGenerated: number;
  /** Slot of vault i's collateral (ink) / debt (art·rate) in the store's columns, −1 when it has none. */
  inkAt: Int32Array;
  artAt: Int32Array;
  /** Vaults by debt/ink ascending (liquidation price / mat); scanned from `scanTo` − 1 down, riskiest first. */
  order: Uint32Array;
  scanTo: number;
  book: AuctionBook;
  /** DAI the vow booked as bad debt for this ilk: debt its auctions did not recover, and keeper incentives. */
  sin: number;
  /** Index in `MakerState.reserves` of the surplus buffer that takes this ilk's penalty income. */
  surplus: number;
  /** Scratch: `stamp[i] === MakerState.call` marks vault i as liquidated in the current execute call (lazily made, never shared). */
  stamp: Uint32Array | null;
}

export interface MakerReserve {
  label: string;
  kind: string;
  asset: number;
  amount: number;
  /** Index of the ilk it covers, −1 for the whole protocol (reported with the first ilk). */
  market: number;
}

export interface MakerState {
  protocol: string;
  version: 'clip' | 'flip';
  assetCount: number;
  /** Asset ids by index, for messages. */
  assetIds: string[];
  /** dog.Hole in DAI of tab (Number.MAX_VALUE when none), dog.Dirt. */
  Hole: number;
  Dirt: number;
  ilks: MakerIlkState[];
  reserves: MakerReserve[];
  /** Count of execute calls, for the per-call stamps. */
  call: number;
}

function dutyOf(ilk: MakerProtocol['markets'][number]): number {
  const rm = ilk.borrowables[0]!.rateModel;
  if (rm.model === 'fixed') return rm.rate;
  if (rm.model === 'none') return 0;
  throw new Error(`makerEngine.compile: ilk "${ilk.id}" must carry its stability fee as rateModel "fixed" (jug duty) or "none", got "${rm.model}"`);
}

/** Builds the engine state of one maker protocol; throws on what the engine cannot run. */
export function compileMaker(network: Network, protocol: Protocol, assets: AssetIndex): MakerState {
  if (protocol.family !== 'maker') throw new Error(`makerEngine.compile: expected a protocol of family "maker", got "${protocol.family}" (${protocol.id})`);
  const p = protocol as MakerProtocol;
  const idx = (id: string, where: string): number => {
    const i = assets.get(id);
    if (i === undefined) throw new Error(`makerEngine.compile: unknown asset "${id}" in ${where}`);
    return i;
  };
  const reserves: MakerReserve[] = p.reserves.map((r) => withAmount({
    label: r.label,
    kind: r.kind,
    asset: idx(r.asset, `reserve "${r.label}"`),
    amount: Number.NaN,
    market: r.market === undefined ? -1 : p.markets.findIndex((m) => m.id === r.market),
  }, r.amount));
  const ilks = p.markets.map((m, mi): MakerIlkState => {
    const c = m.collaterals[0];
    const b = m.borrowables[0];
    if (!c || m.collaterals.length !== 1) throw new Error(`makerEngine.compile: ilk "${m.id}" must have exactly one collateral, got ${m.collaterals.length}`);
    if (!b || m.borrowables.length !== 1) throw new Error(`makerEngine.compile: ilk "${m.id}" must lend exactly one asset (DAI or USDS), got ${m.borrowables.length}`);
    if (m.auction.kind !== p.version) throw new Error(`makerEngine.compile: ilk "${m.id}" has a "${m.auction.kind}" auction in a "${p.version}" protocol`);
    const collateral = idx(c.asset, `ilk "${m.id}"`);
    const debt = idx(b.asset, `ilk "${m.id}"`);
    const { store, firstGenerated } = buildMarketStore(network, protocol, m, assets);
    const n = store.count;
    const inkAt = new Int32Array(n).fill(-1);
    const artAt = new Int32Array(n).fill(-1);
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = store.collStart[i]!; k < store.collStart[i + 1]!; k++) if (store.collAsset[k] === collateral) inkAt[i] = k;
      for (let k = store.debtStart[i]!; k < store.debtStart[i + 1]!; k++) if (store.debtAsset[k] === debt) artAt[i] = k;
      const ink = inkAt[i]! >= 0 ? store.collAmount[inkAt[i]!]! : 0;
      const art = artAt[i]! >= 0 ? debtAt(store, artAt[i]!) : 0;
      // debt/ink orders vaults by liquidation price; a vault with debt and no collateral goes first.
      key[i] = art <= 0 ? 0 : ink > 0 ? Math.min(art / ink, Number.MAX_VALUE) : Number.MAX_VALUE;
    }
    let surplus = reserves.findIndex((r) => r.kind === 'surplusBuffer' && r.market === mi && r.asset === debt);
    if (surplus < 0) surplus = reserves.findIndex((r) => r.kind === 'surplusBuffer' && r.market === -1 && r.asset === debt);
    if (surplus < 0) {
      // No buffer in the fixture: an implicit one, starting empty, collects the penalties.
      surplus = reserves.length;
      reserves.push(withAmount({ label: 'surplus buffer (implicit)', kind: 'surplusBuffer', asset: debt, amount: Number.NaN, market: -1 }, 0));
    }
    const order = argsortNonNegative(key);
    return startIlk({
      id: m.id,
      collateral,
      debt,
      mat: c.mat,
      chop: c.chop,
      dust: m.dust,
      hole: m.hole ?? Number.MAX_VALUE,
      dirt: Number.NaN,
      duty: dutyOf(m),
      rate: Number.NaN,
      auction: m.auction,
      chost: m.auction.kind === 'clip' ? chost({ dust: m.dust, chop: c.chop }) : 0,
      curve: m.auction.kind === 'clip' ? priceCurve(m.auction.calc) : null,
      store,
      firstGenerated,
      inkAt,
      artAt,
      order,
      scanTo: n,
      book: emptyBook(),
      sin: Number.NaN,
      surplus,
      stamp: null,
    });
  });
  const s: MakerState = { protocol: p.id, version: p.version, assetCount: network.assets.length, assetIds: network.assets.map((a) => a.id), Hole: p.Hole ?? Number.MAX_VALUE, Dirt: Number.NaN, ilks, reserves, call: 0 };
  s.Dirt = 0;
  return s;
}

/*
 * The running amounts are set here, after literals that held NaN there: stored as doubles from the first state on, and
 * in the copies each run makes (util/doubles.ts). A 0 first gave the ilks (and their copies) a new hidden class at the
 * first auction, in the middle of a run.
 */
function startIlk(m: MakerIlkState): MakerIlkState {
  m.dirt = 0;
  m.rate = 1;
  m.sin = 0;
  return m;
}

function withAmount(r: MakerReserve, amount: number): MakerReserve {
  r.amount = amount;
  return r;
}

export function cloneMaker(s: MakerState, lease?: BufferLease): MakerState {
  return copyWith(s, {
    ilks: mapArray(s.ilks, (m) => cloneIlk(m, lease)),
    reserves: mapArray(s.reserves, (r) => copyWith(r, {})),
  });
}

/**
 * An ilk's copy, one literal in compileMaker's field order: as `copyWith` it had dictionary properties (V8 gives
 * `Object.assign({}, …)` a hash table of properties past 19 fields; an ilk has 23), read by hash in every run.
 */
function cloneIlk(m: MakerIlkState, lease?: BufferLease): MakerIlkState {
  return {
    id: m.id,
    collateral: m.collateral,
    debt: m.debt,
    mat: m.mat,
    chop: m.chop,
    dust: m.dust,
    hole: m.hole,
    dirt: m.dirt,
    duty: m.duty,
    rate: m.rate,
    auction: m.auction,
    chost: m.chost,
    curve: m.curve,
    store: cloneStore(m.store, lease),
    firstGenerated: m.firstGenerated,
    inkAt: m.inkAt,
    artAt: m.artAt,
    order: m.order,
    scanTo: m.scanTo,
    book: cloneBook(m.book),
    sin: m.sin,
    surplus: m.surplus,
    stamp: null,
  };
}

/** Starts an execute call: a fresh stamp value, so that each vault is liquidated at most once per call. */
export function nextCall(s: MakerState): number {
  s.call = s.call >= 0xfffffffe ? 1 : s.call + 1;
  if (s.call === 1) for (const m of s.ilks) m.stamp?.fill(0);
  return s.call;
}

/** Marks vault i as liquidated in call `call`; false when it already was. */
export function stampVault(m: MakerIlkState, i: number, call: number): boolean {
  const st = m.stamp ?? (m.stamp = new Uint32Array(m.store.count));
  if (st[i] === call) return false;
  st[i] = call;
  return true;
}

/** Vault i's collateral (ink). */
export function inkOf(m: MakerIlkState, i: number): number {
  const k = m.inkAt[i]!;
  return k >= 0 ? m.store.collAmount[k]! : 0;
}

/** Vault i's debt, art·rate in whole DAI (the store's debt index plays the part of vat.ilks.rate since the snapshot). */
export function debtOf(m: MakerIlkState, i: number): number {
  const k = m.artAt[i]!;
  return k >= 0 ? debtAt(m.store, k) : 0;
}

/** Sets vault i's debt (art·rate, whole DAI); the vault must have a debt slot. */
export function setDebtOf(m: MakerIlkState, i: number, debt: number): void {
  setDebtAt(m.store, m.artAt[i]!, debt);
}

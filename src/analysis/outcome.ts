/**
 * The few numbers of a cascade that the analyses compare (DESIGN §6, §10 Measures): bad debt (as booked plus net
 * insolvent value), liquidations, loss to lenders, lowest market prices and amplification, per protocol and per asset;
 * and the difference of two such outcomes, field by field (b − a).
 */
import type { CascadeResult } from '../cascade/simulate.js';

export interface ProtocolOutcome {
  protocol: string;
  liquidations: number;
  /** Collateral liquidated in tokens at snapshot prices, USD. */
  liquidatedCollateralSnapshotUsd: number;
  /** Bad debt booked + net insolvent value, USD. */
  badDebtUsd: number;
  lossToLendersUsd: number;
  insolvent: boolean;
}

export interface AssetOutcome {
  asset: string;
  lowestMarketPrice: number;
  finalMarketPrice: number;
  amplification: number | null;
}

export interface CascadeOutcome {
  converged: boolean;
  roundCount: number;
  liquidations: number;
  liquidatedCollateralUsd: number;
  liquidatedCollateralSnapshotUsd: number;
  badDebtBookedUsd: number;
  netInsolventUsd: number;
  /** badDebtBookedUsd + netInsolventUsd. */
  badDebtUsd: number;
  lossToLendersUsd: number;
  insolventProtocols: string[];
  protocols: ProtocolOutcome[];
  assets: AssetOutcome[];
}

/** The totals a difference holds. */
const TOTALS = ['liquidations', 'liquidatedCollateralUsd', 'liquidatedCollateralSnapshotUsd', 'badDebtBookedUsd', 'netInsolventUsd', 'badDebtUsd', 'lossToLendersUsd'] as const;
const PER_PROTOCOL = ['liquidations', 'liquidatedCollateralSnapshotUsd', 'badDebtUsd', 'lossToLendersUsd'] as const;

export interface OutcomeDifference extends Record<(typeof TOTALS)[number], number> {
  protocols: ({ protocol: string } & Record<(typeof PER_PROTOCOL)[number], number>)[];
  /** Per asset: lowest and final market price moves; amplification's change, null when either side has none. */
  assets: { asset: string; lowestMarketPrice: number; finalMarketPrice: number; amplification: number | null }[];
}

export function outcomeOf(r: CascadeResult): CascadeOutcome {
  return {
    converged: r.converged,
    roundCount: r.roundCount,
    liquidations: r.totals.liquidations,
    liquidatedCollateralUsd: r.totals.liquidatedCollateralUsd,
    liquidatedCollateralSnapshotUsd: r.totals.liquidatedCollateralSnapshotUsd,
    badDebtBookedUsd: r.totals.badDebtBookedUsd,
    netInsolventUsd: r.totals.netInsolventUsd,
    badDebtUsd: r.totals.badDebtBookedUsd + r.totals.netInsolventUsd,
    lossToLendersUsd: r.totals.lossToLendersUsd,
    insolventProtocols: r.protocols.filter((p) => p.insolvent).map((p) => p.protocol),
    protocols: r.protocols.map((p) => ({
      protocol: p.protocol,
      liquidations: p.liquidations,
      liquidatedCollateralSnapshotUsd: p.liquidatedCollateralSnapshotUsd,
      badDebtUsd: p.badDebtBookedUsd + p.netInsolventUsd,
      lossToLendersUsd: p.lossToLendersUsd,
      insolvent: p.insolvent,
    })),
    assets: r.assets.map((a) => ({ asset: a.asset, lowestMarketPrice: a.lowestMarketPrice, finalMarketPrice: a.finalMarketPrice, amplification: a.amplification })),
  };
}

function minus<K extends string>(keys: readonly K[], a: Record<K, number>, b: Record<K, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, b[k] - a[k]])) as Record<K, number>;
}


/** b − a, field by field; protocols and assets matched by id (the two runs share them: a policy edits, never removes). */
export function outcomeDifference(a: CascadeOutcome, b: CascadeOutcome): OutcomeDifference {
  const pa = new Map(a.protocols.map((p) => [p.protocol, p]));
  const aa = new Map(a.assets.map((x) => [x.asset, x]));
  return {
    ...minus(TOTALS, a, b),
    protocols: b.protocols.map((p) => ({ protocol: p.protocol, ...minus(PER_PROTOCOL, pa.get(p.protocol)!, p) })),
    assets: b.assets.map((x) => {
      const y = aa.get(x.asset)!;
      return {
        asset: x.asset,
        lowestMarketPrice: x.lowestMarketPrice - y.lowestMarketPrice,
        finalMarketPrice: x.finalMarketPrice - y.finalMarketPrice,
        amplification: x.amplification === null || y.amplification === null ? null : x.amplification - y.amplification,
      };
    }),
  };
}

/**
 * DefiLlama liquidation-level adapter output (DefiLlama-Adapters `liquidations/`: one record per owner and collateral,
 * `{ owner, liqPrice, collateral: 'chain:0x…', collateralAmount: raw integer string, extra? }`) ↔ explicit positions
 * (docs/entities.md). A record's `liqPrice` is the collateral's USD price at which the owner's health factor is 1,
 * every other price held. Debt is reconstructed from it: D·p_debt = W − c·LT·(p − liqPrice), W the owner's weighted
 * collateral at snapshot prices; for one collateral, D = liqPrice·c·LT ÷ p_debt.
 */
import { NetworkError, type NetworkIssue } from './errors.js';
import { parseNetwork } from './parse.js';
import { borrowableAssets, lendingPositions } from './markets.js';
import { priceMap } from './venue-value.js';
import { liquidationPriceOf, positionThreshold } from './position-health.js';
import { normaliseTokenId, publishedTokenId, scaleRaw, toRaw, tokenIndex } from './defillama-ids.js';
import { checkRecords, type CheckedRecord } from './defillama-records.js';
import type { Market, Network, Protocol } from './schema/network.js';
import type { Position } from './schema/positions.js';

export interface DefiLlamaLiquidation {
  owner: string;
  liqPrice: number;
  collateral: string;
  collateralAmount: string;
  extra?: unknown;
}

export interface DefiLlamaImportOptions {
  protocol: string;
  market: string;
  /** The asset every imported position owes (the shape does not say). */
  debtAsset: string;
  /** Token id (`ethereum:0x…`) → asset id, before the assets' own `address`. */
  assetMap?: Record<string, string>;
  /** The e-mode category of every imported position (its thresholds replace the market's). */
  emode?: number;
}

export interface ImportedPosition {
  id: string;
  owner: string;
  /** Indices of the records it was built from. */
  records: number[];
  collateral: Record<string, number>;
  debt: number;
  /** Largest relative gap between the debts its records imply one by one (0 for one record). */
  debtSpread: number;
}

export interface DefiLlamaImport {
  network: Network;
  positions: ImportedPosition[];
  /** What the import assumed, in words (the records do not carry the debt). */
  assumptions: string[];
}

const ASSUMPTIONS = [
  'Each record liqPrice is the collateral price at which the owner health factor is 1, every other price held at the snapshot.',
  'An owner with several records is one position holding every collateral; its debt is the mean of the debts its records imply one by one (equal when the records are consistent; debtSpread says how far apart they were), never their sum.',
  'The whole debt is in the debt asset given; its price is the snapshot price.',
];

/** The protocol and market the records go to; a bad option throws (paths `options.*`). */
function target(network: Network, o: DefiLlamaImportOptions, fn: string): { protocol: Protocol; market: Market } {
  const refuse = (path: string, message: string): never => {
    throw new NetworkError([{ path: `options.${path}`, message }], fn);
  };
  const issues: NetworkIssue[] = [];
  const protocol = network.protocols.find((p) => p.id === o.protocol) ?? refuse('protocol', `expected one of ${network.protocols.map((p) => p.id).join(', ')}, got ${JSON.stringify(o.protocol)}`);
  const market = (protocol.markets as Market[]).find((m) => m.id === o.market) ?? refuse('market', `expected a market of ${protocol.id} (${protocol.markets.map((m) => m.id).join(', ')}), got ${JSON.stringify(o.market)}`);
  const lends = borrowableAssets(protocol, market);
  if (!lends.includes(o.debtAsset)) issues.push({ path: 'options.debtAsset', message: `expected an asset ${protocol.id}/${market.id} lends (${lends.join(', ') || 'none'}), got ${JSON.stringify(o.debtAsset)}` });
  const positions = (market as { positions?: unknown }).positions;
  if (positions !== undefined && !Array.isArray(positions)) issues.push({ path: 'options.market', message: `${protocol.id}/${market.id} keeps its positions in a CSV side file; expected a market with inline positions` });
  if (issues.length) throw new NetworkError(issues, fn);
  return { protocol, market };
}

/** Adapter records → explicit positions added to `protocol`/`market` of a copy of `network`; every bad record listed at once. */
export function fromDefiLlamaLiquidations(network: Network, records: unknown, options: DefiLlamaImportOptions): DefiLlamaImport {
  const fn = 'fromDefiLlamaLiquidations';
  const { protocol, market } = target(network, options, fn);
  const prices = priceMap(network.assets);
  const tokens = tokenIndex(network.assets, options.assetMap);
  const existing = lendingPositions(protocol, market);
  const shell: Position = { id: 'shell', collateral: {}, debt: {}, ...(options.emode === undefined ? {} : { emode: options.emode }) };
  const { checked, issues: bad } = checkRecords(records, {
    assetOf: (id) => tokens.get(normaliseTokenId(id)),
    asset: (id) => network.assets.find((a) => a.id === id),
    threshold: (asset) => positionThreshold(protocol, market, shell, asset),
    taken: new Set(existing.flatMap((p) => Object.keys(p.collateral).map((a) => `${p.owner ?? p.id}\u0000${a}`))),
    scale: scaleRaw,
  });
  if (bad.length) throw new NetworkError(bad, fn);
  const groups = new Map<string, CheckedRecord[]>();
  for (const r of checked) groups.set(r.owner, [...(groups.get(r.owner) ?? []), r]);
  const ids = new Set(existing.map((p) => p.id));
  let next = 1;
  const imported: ImportedPosition[] = [];
  const pDebt = prices.get(options.debtAsset)!;
  for (const [owner, rs] of groups) {
    const weighted = rs.reduce((s, r) => s + r.amount * r.threshold * prices.get(r.asset)!, 0);
    const debts = rs.map((r) => (weighted - r.amount * r.threshold * (prices.get(r.asset)! - r.liqPrice)) / pDebt);
    const debt = debts.reduce((s, d) => s + d, 0) / debts.length;
    const debtSpread = Math.max(...debts.map((d) => Math.abs(d - debt) / debt));
    while (ids.has(`dl-${next}`)) next++;
    ids.add(`dl-${next}`);
    imported.push({ id: `dl-${next}`, owner, records: rs.map((r) => r.index), collateral: Object.fromEntries(rs.map((r) => [r.asset, r.amount])), debt, debtSpread });
  }
  const copy = structuredClone(network) as Network;
  const m = (copy.protocols.find((p) => p.id === protocol.id)!.markets as Market[]).find((x) => x.id === market.id)! as Market & { positions?: Position[] };
  const added: Position[] = imported.map((p) => ({ id: p.id, owner: p.owner, ...(options.emode === undefined ? {} : { emode: options.emode }), collateral: p.collateral, debt: { [options.debtAsset]: p.debt } }));
  m.positions = [...(m.positions ?? []), ...added];
  return { network: parseNetwork(copy), positions: imported, assumptions: ASSUMPTIONS };
}

/**
 * Explicit positions of `protocol` → records in the adapters' shape: one per position and collateral asset, its
 * liqPrice with every other price held at the snapshot. A collateral no positive price liquidates (the rest of the
 * position covers its debt alone) has no liquidation price and no record. Assets need `address` and `decimals`.
 */
export function toDefiLlamaLiquidations(network: Network, protocolId: string): DefiLlamaLiquidation[] {
  const fn = 'toDefiLlamaLiquidations';
  const protocol = network.protocols.find((p) => p.id === protocolId);
  if (!protocol) throw new Error(`${fn}: unknown protocol ${JSON.stringify(protocolId)}; expected one of ${network.protocols.map((p) => p.id).join(', ')}`);
  const prices = priceMap(network.assets);
  const out: DefiLlamaLiquidation[] = [];
  for (const market of protocol.markets as Market[])
    for (const position of lendingPositions(protocol, market))
      for (const [asset, amount] of Object.entries(position.collateral)) {
        const a = network.assets.find((x) => x.id === asset)!;
        if (!a.address || a.decimals === undefined) throw new Error(`${fn}: asset "${asset}" needs an address and decimals to be written in the adapters' shape`);
        const liqPrice = liquidationPriceOf(protocol, market, position, asset, prices);
        if (liqPrice === null || amount <= 0) continue;
        out.push({ owner: position.owner ?? position.id, liqPrice, collateral: publishedTokenId(a.address), collateralAmount: toRaw(amount, a.decimals), extra: { market: market.id, position: position.id } });
      }
  return out;
}

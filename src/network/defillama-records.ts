/**
 * Checks DefiLlama liquidation records one by one (issue #19 item 4): each bad field is an issue at
 * `records[i].field`, so that an import lists every problem and adds nothing.
 */
import type { NetworkIssue } from './errors.js';
import type { Asset } from './schema/asset.js';
import { NUMBER_BOUNDS } from './schema/common.js';

export interface CheckedRecord {
  index: number;
  owner: string;
  asset: string;
  amount: number;
  liqPrice: number;
  threshold: number;
}

export interface RecordContext {
  assetOf: (tokenId: string) => string | undefined;
  asset: (id: string) => Asset | undefined;
  /** The liquidation threshold of a collateral in the target market; 0 where it is not accepted. */
  threshold: (asset: string) => number;
  /** `owner\0asset` pairs the market already holds. */
  taken: ReadonlySet<string>;
  scale: (raw: string, decimals: number) => number;
}

const show = (v: unknown) => (typeof v === 'string' && v.length > 80 ? `${JSON.stringify(v.slice(0, 80))}…` : JSON.stringify(v) ?? String(v));

export function checkRecords(records: unknown, ctx: RecordContext): { checked: CheckedRecord[]; issues: NetworkIssue[] } {
  if (!Array.isArray(records)) return { checked: [], issues: [{ path: 'records', message: `expected an array of liquidation records, got ${show(records)}` }] };
  const issues: NetworkIssue[] = [];
  const checked: CheckedRecord[] = [];
  const seen = new Set(ctx.taken);
  records.forEach((r: unknown, index) => {
    const at = (field: string, message: string) => issues.push({ path: `records[${index}]${field ? `.${field}` : ''}`, message });
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return at('', `expected a record { owner, liqPrice, collateral, collateralAmount }, got ${show(r)}`);
    const { owner, liqPrice, collateral, collateralAmount } = r as Record<string, unknown>;
    const before = issues.length;
    if (typeof owner !== 'string' || owner.length === 0) at('owner', `expected a non-empty owner, got ${show(owner)}`);
    if (typeof liqPrice !== 'number' || !Number.isFinite(liqPrice) || liqPrice <= 0 || liqPrice > NUMBER_BOUNDS.maxPrice)
      at('liqPrice', `expected a finite liquidation price in (0, 1e9] USD, got ${show(liqPrice)}`);
    const asset = typeof collateral === 'string' ? ctx.assetOf(collateral) : undefined;
    const a = asset === undefined ? undefined : ctx.asset(asset);
    if (typeof collateral !== 'string') at('collateral', `expected a token id such as "ethereum:0x…", got ${show(collateral)}`);
    else if (!a) at('collateral', `unknown collateral ${show(collateral)}: no asset has this address and assetMap does not name it`);
    else if (a.decimals === undefined) at('collateral', `asset "${a.id}" has no decimals in the network; raw amounts cannot be scaled`);
    else if (!(ctx.threshold(a.id) > 0)) at('collateral', `asset "${a.id}" is not a collateral of the target market`);
    if (typeof collateralAmount !== 'string' || !/^[0-9]{1,80}$/.test(collateralAmount) || /^0+$/.test(collateralAmount))
      at('collateralAmount', `expected a positive raw integer amount as a string of digits, got ${show(collateralAmount)}`);
    if (issues.length > before || !a || a.decimals === undefined) return;
    const amount = ctx.scale(collateralAmount as string, a.decimals);
    if (amount > NUMBER_BOUNDS.maxAmount) return at('collateralAmount', `expected at most 1e18 whole tokens after scaling by ${a.decimals} decimals, got ${amount}`);
    const key = `${owner as string}\u0000${a.id}`;
    if (seen.has(key)) return at('collateral', `duplicate: owner ${show(owner)} already has ${a.id} collateral in this market`);
    seen.add(key);
    checked.push({ index, owner: owner as string, asset: a.id, amount, liqPrice: liqPrice as number, threshold: ctx.threshold(a.id) });
  });
  return { checked, issues };
}

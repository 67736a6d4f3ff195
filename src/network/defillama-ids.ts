/**
 * DefiLlama's liquidation-level adapters name a token `chain:address` (`ethereum:0x…`); a network's assets carry
 * `address` as `chain:0x…` too. Matching needs one spelling: chain aliases folded (`eth:` is `ethereum:`), hex lower-cased.
 * Raw integer amounts scale by the token's decimals without going through a float before the division.
 */
import type { Asset } from './schema/asset.js';

const CHAIN_ALIASES: Readonly<Record<string, string>> = { eth: 'ethereum', mainnet: 'ethereum' };

/** `eth:0xAbC…` → `ethereum:0xabc…`; an id without a chain prefix is lower-cased only. */
export function normaliseTokenId(id: string): string {
  const k = id.indexOf(':');
  if (k < 0) return id.toLowerCase();
  const chain = id.slice(0, k).toLowerCase();
  return `${CHAIN_ALIASES[chain] ?? chain}:${id.slice(k + 1).toLowerCase()}`;
}

/** The published spelling of an asset's address (`ethereum:` for Ethereum mainnet, hex as written). */
export function publishedTokenId(address: string): string {
  const k = address.indexOf(':');
  const chain = address.slice(0, k).toLowerCase();
  return `${CHAIN_ALIASES[chain] ?? chain}:${address.slice(k + 1)}`;
}

/** Normalised token id → asset id: the caller's map first, then the assets' addresses. */
export function tokenIndex(assets: readonly Asset[], assetMap: Readonly<Record<string, string>> = {}): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of assets) if (a.address) out.set(normaliseTokenId(a.address), a.id);
  for (const [k, v] of Object.entries(assetMap)) out.set(normaliseTokenId(k), v);
  return out;
}

/** `raw ÷ 10^decimals` for a string of decimal digits: integer part and remainder divided apart, so only the last float rounding remains. */
export function scaleRaw(raw: string, decimals: number): number {
  const unit = 10n ** BigInt(decimals);
  const n = BigInt(raw);
  return Number(n / unit) + Number(n % unit) / Number(unit);
}

/** Whole tokens → the raw integer string (the inverse of scaleRaw, to the float's precision). */
export function toRaw(amount: number, decimals: number): string {
  const [int = '0', frac = ''] = amount.toFixed(Math.min(decimals, 20)).split('.');
  const digits = `${int}${frac.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return digits;
}

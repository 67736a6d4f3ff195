/** `--shock ETH=-30%` options: an asset id or a unique symbol (DESIGN §10), a relative move in % or as a fraction. */
import type { Network } from '../network/schema/network.js';

export class UsageError extends Error {}

/** The asset id an argument names: its id, or a symbol only one asset has. */
export function resolveAsset(network: Network, name: string): string {
  if (network.assets.some((a) => a.id === name)) return name;
  const bySymbol = network.assets.filter((a) => a.symbol === name || a.symbol.toLowerCase() === name.toLowerCase() || a.id.toLowerCase() === name.toLowerCase());
  if (bySymbol.length === 1) return bySymbol[0]!.id;
  if (bySymbol.length > 1) throw new UsageError(`"${name}" names several assets (${bySymbol.map((a) => a.id).join(', ')}); use an id`);
  throw new UsageError(`unknown asset "${name}"; expected an id or a symbol of ${network.assets.map((a) => a.id).join(', ')}`);
}

/** Parses `ASSET=-30%` or `ASSET=-0.3`. */
export function parseShock(network: Network, arg: string): [string, number] {
  const m = /^([^=]+)=([+-]?\d+(?:\.\d+)?)(%?)$/.exec(arg.trim());
  if (!m) throw new UsageError(`--shock expects ASSET=MOVE such as ETH=-30% or ETH=-0.3, got "${arg}"`);
  const move = Number(m[2]) / (m[3] ? 100 : 1);
  if (!(move > -1)) throw new UsageError(`--shock ${arg}: a move must be above -100%`);
  return [resolveAsset(network, m[1]!), move];
}

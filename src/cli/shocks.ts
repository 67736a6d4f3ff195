/**
 * `--shock ETH=-30%` (DESIGN §10): an asset id or a unique symbol, and a relative move that carries its sign and
 * `%` — `ETH=30` would otherwise read as +3000% or +30% depending on the reader, so it is refused; one move per asset.
 */
import type { Network } from '../network/schema/network.js';
import { UsageError } from './exit.js';

export { UsageError };

/** The largest upward move accepted: ×11. */
export const MAX_SHOCK_UP = 10;

/** The asset id an argument names: its id, or a symbol only one asset has. */
export function resolveAsset(network: Network, name: string): string {
  if (network.assets.some((a) => a.id === name)) return name;
  const bySymbol = network.assets.filter((a) => a.symbol === name || a.symbol.toLowerCase() === name.toLowerCase() || a.id.toLowerCase() === name.toLowerCase());
  if (bySymbol.length === 1) return bySymbol[0]!.id;
  if (bySymbol.length > 1) throw new UsageError(`"${name}" names several assets (${bySymbol.map((a) => a.id).join(', ')}); use an id`);
  throw new UsageError(`unknown asset "${name}"; expected an id or a symbol of ${network.assets.map((a) => a.id).join(', ')}`);
}

/** The syntax of one `--shock` argument, before any network is read: the asset as written and the move. */
export function parseShockSyntax(arg: string): { name: string; move: number } {
  const m = /^([^=]+)=(.*)$/.exec(arg.trim());
  if (!m || !m[1]!.trim()) throw new UsageError(`--shock expects ASSET=MOVE such as ETH=-30% or ETH=+10%, got "${arg}"`);
  const sized = /^([+-])(\d+(?:\.\d+)?)%$/.exec(m[2]!.trim());
  if (!sized) throw new UsageError(`--shock ${arg}: a move carries its sign and %, such as ${m[1]!.trim()}=-30% or ${m[1]!.trim()}=+10%`);
  const move = (sized[1] === '-' ? -1 : 1) * (Number(sized[2]) / 100);
  if (!(move > -1)) throw new UsageError(`--shock ${arg}: a move must be above -100%`);
  if (move > MAX_SHOCK_UP) throw new UsageError(`--shock ${arg}: a move must be at most +${MAX_SHOCK_UP * 100}%`);
  return { name: m[1]!.trim(), move };
}

/** Parses `ASSET=-30%` against a network: `[asset id, relative move]`. */
export function parseShock(network: Network, arg: string): [string, number] {
  const { name, move } = parseShockSyntax(arg);
  return [resolveAsset(network, name), move];
}

/** Every `--shock` of a command, one move per asset: `{ [asset id]: move }`. */
export function parseShocks(network: Network, args: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const by: Record<string, string> = {};
  for (const arg of args) {
    const [id, move] = parseShock(network, arg);
    if (id in out) throw new UsageError(`--shock ${by[id]} and --shock ${arg} both move ${id}; give one move per asset`);
    out[id] = move;
    by[id] = arg;
  }
  return out;
}

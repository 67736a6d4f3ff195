// @ts-nocheck -- a printer over the built package; the function's figures are pinned by test/analysis/liquidation-levels.test.ts
/**
 * `node scripts/liquidation-levels.js <network.json> <asset> [levels] [cascadeMaxFall] [maxRounds]`: the three
 * liquidation curves of `liquidationLevels` (docs/entities.md) for a network file, one line per level — first order,
 * cascade-adjusted, liquidated (tokens of the asset), the run's rounds and whether it settled — then each level's
 * reasons. For the whole curve of a large network (fixtures/ethereum-2025-10-01.json, whose cascades at large ETH
 * shocks take long today), which the tests draw only on a coarse grid. Run `npm run build` first.
 */
import { liquidationLevels, loadNetwork } from '../dist/index.js';

const [file, asset, levels = '20', maxFall = '1', maxRounds] = process.argv.slice(2);
if (!file || !asset) {
  process.stderr.write('usage: node scripts/liquidation-levels.js <network.json> <asset> [levels=20] [cascadeMaxFall=1] [maxRounds]\n');
  process.exit(2);
}
const network = await loadNetwork(file);
const t0 = Date.now();
const r = liquidationLevels(network, asset, { levels: Number(levels), cascadeMaxFall: Number(maxFall), cascade: maxRounds ? { maxRounds: Number(maxRounds) } : {} });
const n = (x) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
process.stdout.write(`${asset} at market $${r.marketPrice.toFixed(2)}; ${r.levels.length} levels in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
process.stdout.write(['fall', 'price', 'first order', 'adjusted', 'liquidated', 'rounds', 'settled'].join('\t') + '\n');
for (const l of r.levels) {
  const c = l.cascade;
  process.stdout.write([`${(l.fall * 100).toFixed(1)}%`, `$${l.price.toFixed(2)}`, n(l.collateral), n(c?.collateral), n(c?.liquidatedCollateral), c ? String(c.roundCount) : '—', c ? String(c.converged) : '—'].join('\t') + '\n');
}
for (const l of r.levels) for (const why of [l.cascade?.reason, l.cascade?.gap.reason]) if (why) process.stdout.write(`\n$${l.price.toFixed(2)}: ${why}\n`);

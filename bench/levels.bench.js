// @ts-check
/**
 * Issue 19 bench: `liquidationLevels` on fixtures/ethereum-2025-10-01.json (ETH), one cascade per level — the whole
 * curve the tests draw only on a coarse grid bounded to a 10% fall. Without a target: the fixture's cascades at
 * large ETH falls are slow today (wstETH sold into thin pools, a known issue of the routing), and a run that hits
 * the round limit says so (`converged: false`), so the figures are read, not judged. Ten levels, cascades down to
 * −30% (four cascades), and the same to −10% (two), to separate the deep runs from the shallow ones.
 */
import { liquidationLevels, loadNetwork } from '../dist/index.js';

/** Seconds of one call, and how many of its cascades settled. @param {any} network @param {number} cascadeMaxFall */
function timed(network, cascadeMaxFall) {
  const t0 = process.hrtime.bigint();
  const r = liquidationLevels(network, 'ETH', { levels: 10, cascadeMaxFall });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const runs = r.levels.filter((l) => l.cascade);
  return { s, note: `${runs.filter((l) => l.cascade?.converged).length} of ${runs.length} cascades settled` };
}

export default async function () {
  const network = await loadNetwork(new URL('../fixtures/ethereum-2025-10-01.json', import.meta.url).pathname);
  const shallow = timed(network, 0.1);
  const deep = timed(network, 0.3);
  return [
    { name: 'liquidationLevels ethereum-2025-10-01 ETH, 10 levels, cascades to −10%', figure: shallow.s, unit: 's', target: null, better: 'lower', note: shallow.note },
    { name: 'the same, cascades to −30%', figure: deep.s, unit: 's', target: null, better: 'lower', note: deep.note },
  ];
}

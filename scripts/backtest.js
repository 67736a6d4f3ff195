// @ts-nocheck -- a report builder over the built package; its figures are pinned by test/backtest/backtest.test.ts
/**
 * `npm run backtest`: replays the historical cascades of fixtures/history/ (each network on its eve, and its
 * scenario with the real price path) and writes docs/validation.md: per event, the model's figures against the
 * record (../shared/reference/history.md), their ratio, hit or miss against issue #16's targets, what the model
 * captures and misses, and how much of the input is marked assumed. Nothing here is fitted to the outcome: the
 * networks and scenarios cite their own sources. `--stdout` prints the document instead of writing it; `--json`
 * prints the figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { assumptionShare, loadNetwork, simulateCascade } from '../dist/index.js';

const root = new URL('../', import.meta.url);
const read = (p) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));
const usd = (x) => `$${(x / 1e6).toFixed(2)}M`;
const tokens = (x, s) => `${(x / 1e6).toFixed(2)}M ${s}`;
const pct = (x) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
/** Within ×2 of the record: ratio in [0.5, 2]. */
const withinTwo = (r) => r !== null && r >= 0.5 && r <= 2;
/** "No bad debt" in a record: below $0.1M, which no post-mortem reports (dust left by gas-gated liquidators). */
const DUST_USD = 1e5;

/** The events of issue #16's table; those not built yet say so. */
const EVENTS = [
  {
    id: 'black-thursday-2020',
    title: '12–13 March 2020: Maker ETH-A flip auctions',
    target: 'Maker bad debt within ×2 of ~5.3M DAI; zero-bid auctions appear',
    measure(r) {
      // A lot won at one wei books its whole debt as bad debt (here only dust lots whose value does not pay a keeper's gas).
      const bad = r.rounds.reduce((s, rd) => s + rd.liquidations.filter((l) => l.protocol === 'maker').reduce((u, l) => u + l.badDebt, 0), 0);
      const moved = r.rounds.reduce((s, rd) => s + rd.liquidations.filter((l) => l.kind === 'absorb').reduce((u, l) => u + l.repaid, 0), 0);
      const rows = [
        { figure: 'bad debt (DAI)', model: bad, record: 5.3e6, fmt: (x) => tokens(x, 'DAI'), source: 'flop auctions raised ≈5.3M DAI (20,980 MKR); Whiterabbit: 5.67M DAI' },
        { figure: 'debt sent to auction', model: moved, record: null, fmt: (x) => (x === null ? 'not found' : tokens(x, 'DAI')), source: 'no total found (history.md §A)' },
      ];
      rows[0].ratio = bad / 5.3e6;
      rows[1].ratio = null;
      return { rows, hit: bad > 0 && withinTwo(rows[0].ratio), liquidations: r.totals.liquidations };
    },
    captured: 'the Cat bites every vault below 150% at the Oracle Security Module\u2019s price of an hour before (ETH $195 → $101 over the day), each bite a 50-ETH lot with a tab of debt × 1.13; keepers bid in the tend phase, then take less ETH for the tab in the dent phase, returning the rest to the vault owner; the zero-bid keeper bids one wei on every lot no competitive keeper bids on in its round.',
    missed: 'a miss, with its cause: the model\u2019s competitive keepers are never blocked, so every one-wei bid on a lot worth more than a keeper\u2019s gas is outbid within its 10-minute ttl: zero-bid wins appear only on dust lots (73 DAI of bad debt in all; none with gas at 0), and no other lot sells under its debt (the OSM lag alone never puts ETH a third below the oracle, which a loss would need). On 12 March the other keepers could not bid — transactions stuck below the gas price of the day, default keeper scripts that did not raise it, keepers out of DAI (the governance call of that day; Whiterabbit; Blocknative) — and the model has no mechanism for a keeper that wants to bid and cannot: only `keeperCapacityUsd`, a DAI budget per round, for which no figure of that day was found (setting it from the 36% zero-bid share would fit the record). The vault book is generated (debt derived from the call, collateral ratios from a 2023 Aave book, more leveraged than Maker\u2019s vaults of 2020: 68M of the 100M DAI goes to auction, while the DAI supply was still ~77M after 12–14 March), the venues are assumed, and Compound v2 of that day is left out (its liquidations were not found).',
  },
  {
    id: 'compound-dai-2020',
    title: '26 November 2020: Compound DAI oracle at $1.30',
    target: 'liquidated volume within ×2 of 85.2M DAI; no bad debt',
    measure(r) {
      const repaid = r.rounds.reduce((s, rd) => s + rd.liquidations.filter((l) => l.debt === 'DAI').reduce((u, l) => u + l.repaid, 0), 0);
      const bad = r.totals.badDebtBookedUsd + r.totals.netInsolventUsd;
      const rows = [
        { figure: 'DAI liquidated (repaid)', model: repaid, record: 85.2e6, fmt: (x) => tokens(x, 'DAI'), source: 'Compound forum: 85.2M DAI liquidated' },
        { figure: 'bad debt', model: bad, record: 0, fmt: usd, source: 'none reported ("all markets are healthy", Leshner)' },
      ];
      rows[0].ratio = repaid / 85.2e6;
      rows[1].ratio = null;
      return { rows, hit: withinTwo(rows[0].ratio) && bad < DUST_USD, liquidations: r.totals.liquidations };
    },
    captured: 'Compound\u2019s oracle alone reads DAI at $1.30 (the price elsewhere stays at $1): every DAI debt backed by non-DAI collateral loses 23% of its health factor, the ETH-backed borrowers whose health factor was below 1.30 are liquidated, most of them once (the 8% incentive on a 30% mis-price seizes 1.404 dollars of collateral per DAI, so one 50% liquidation usually restores health), and nobody is left under water.',
    missed: 'a hit on the volume, not on who: the model\u2019s volume comes from the ETH-backed borrowers (the lower tail of the assumed health-factor table), while the record\u2019s came mostly from recursive DAI loops over USDC bases; in the model the loops barely move (their DAI collateral reprices with their DAI debt) and the third-largest COMP farmer, liquidated for 46.4M DAI in the record, sits at health factor 1.21 on the eve by the assumed table (1.11 at $1.30) and survives; the book is generated (the split between loops and other borrowers, the bases and the health factors are assumed), ETH\u2019s fall on the same day is left out, and the oracle\u2019s steps and their times are assumed (no tick data).',
  },
  {
    id: 'steth-2022',
    title: 'June 2022: stETH at 0.93–0.94 ETH on Aave v2',
    target: 'liquidations of stETH collateral (≥ 2,192 stETH on 13 June); no bad debt',
    measure(r) {
      // The run starts on 9 June 12:00 UTC: 13 June is t in [84 h, 108 h).
      const on13 = r.rounds.filter((rd) => rd.t >= 84 * 3600 && rd.t < 108 * 3600);
      const seized = on13.reduce((s, rd) => s + rd.liquidations.filter((l) => l.collateral === 'stETH').reduce((u, l) => u + l.seized, 0), 0);
      const bad = r.totals.badDebtBookedUsd + r.totals.netInsolventUsd;
      const rows = [
        { figure: 'stETH seized on 13 June', model: seized, record: 2192, fmt: (x) => `${Math.round(x).toLocaleString('en-US')} stETH`, source: 'Merlin/VALK: Aave stETH liquidations peaked above 2,192 stETH on 13 June (a lower bound)' },
        { figure: 'bad debt', model: bad, record: 0, fmt: usd, source: 'none reported' },
      ];
      rows[0].ratio = seized / 2192;
      rows[1].ratio = null;
      return { rows, hit: seized >= 2192 && bad < DUST_USD, liquidations: r.totals.liquidations };
    },
    captured: 'the stablecoin borrowers against stETH cross their threshold as ETH falls from $1,832 to $1,238 on 13 June, and the stETH→ETH loops as the discount deepens from 0.97 to 0.93; Aave v2\u2019s 50% close factor and 7.5% bonus take them gradually along the hourly path, and the seized stETH sold into the Curve pool (A = 50, its mid-June size) takes the pool\u2019s price 2–4% below the path (0.90–0.92 ETH against 0.93–0.94: the model\u2019s own sales add to a path that already carries the real ones; the oracle reads the path, so health factors do not feel it); Celsius\u2019 loan (HF 2.8 on the eve) is never liquidated.',
    missed: 'the book is generated (Aave v2\u2019s stETH borrowers on the eve were not found): its debts are assumed and its health factors come from a 2023 Aave v3 book, so the model\u2019s 13 June figure is an order of magnitude, not a count; the real borrowers had deleveraged since May (464,770 stETH withdrawn from Aave) and topped up during the week, which the model\u2019s owners do not do; the residual bad debt is dust: positions whose liquidation does not pay its gas ($25, ×4 in a falling market) are left under water (with gas at 0 it is 0).',
  },
  {
    id: 'crv-aave-2022',
    title: 'November 2022: the CRV short on Aave v2',
    target: 'collateral seized within ×2 of ~$63.6M; bad debt within ×2 of 2.64M CRV',
    measure(r) {
      const seized = r.totals.liquidatedCollateralUsd;
      // Aave v2 books no deficit: the CRV still owed by a position left with no collateral is the bad debt, booked or not.
      const crvPrice = r.assets.find((a) => a.asset === 'CRV').finalMarketPrice;
      const booked = r.rounds.reduce((s, rd) => s + rd.liquidations.filter((l) => l.debt === 'CRV').reduce((u, l) => u + l.badDebt, 0), 0);
      const badCrv = booked + r.totals.netInsolventUsd / crvPrice;
      const rows = [
        { figure: 'USDC collateral seized', model: seized, record: 63.6e6, fmt: usd, source: 'Blockworks: ~$63.6M of USDC liquidated' },
        { figure: 'bad debt (CRV)', model: badCrv, record: 2.64e6, fmt: (x) => tokens(x, 'CRV'), source: 'Blockworks; Aave ARC "~$1.6M"' },
      ];
      for (const x of rows) x.ratio = x.record > 0 ? x.model / x.record : null;
      return { rows, hit: rows.every((x) => withinTwo(x.ratio)), liquidations: r.totals.liquidations };
    },
    captured: 'the position crosses its threshold only on the spike (HF 1.05 at $0.53, liquidatable above $0.555), Aave v2\u2019s 50% close factor takes it in halves round after round, and the collateral runs out before the debt once CRV is above $0.60 (58M USDC ÷ 1.045 < 92M CRV × price): bad debt in CRV.',
    missed: 'the real liquidators were limited by CRV liquidity (385 transactions over 50 minutes), which the assumed book only approximates; the path\u2019s times between its sourced levels are placed by assumption; the external price already carries the real liquidation buying, so the model\u2019s own purchases add to it.',
  },
  {
    id: 'curve-2023',
    title: 'Jul–Aug 2023: CRV-backed loans of the Curve founder (Aave v2, Fraxlend, Abracadabra)',
    target: 'the large borrower is not liquidated on the real path; no bad debt',
    measure(r) {
      const liquidated = r.rounds.reduce((s, rd) => s + rd.liquidations.reduce((u, l) => u + l.count, 0), 0);
      const bad = r.totals.badDebtBookedUsd + r.totals.netInsolventUsd;
      const rows = [
        { figure: 'liquidations of the borrower', model: liquidated, record: 0, fmt: (x) => String(x), source: 'none found (positions defended by OTC sales and repayments)' },
        { figure: 'bad debt', model: bad, record: 0, fmt: usd, source: 'none reported' },
      ];
      for (const x of rows) x.ratio = null;
      return { rows, hit: liquidated === 0 && bad === 0, liquidations: liquidated };
    },
    captured: 'the three loans\u2019 liquidation prices ($0.377 on Aave v2, ≈ $0.36 on Fraxlend and ≈ $0.39 on Abracadabra at their thresholds) stay below the $0.48 low, and the repayments of 1–2 August move them further away.',
    missed: 'Fraxlend\u2019s rate doubling every 12 hours (81% → toward 9,969%) is held at 81%, so the Fraxlend liquidation price does not climb toward $0.517 as Delphi warned; the OTC sales happen off the network\u2019s venues, and Inverse (~$7M in June) is left out.',
  },
];

async function runEvent(e) {
  const net = await loadNetwork(new URL(`fixtures/history/${e.id}.json`, root).pathname);
  const scenario = read(`fixtures/history/${e.id}.scenario.json`);
  const { options = {}, sources: _s, ...s } = scenario;
  const r = simulateCascade(net, s, options);
  const m = e.measure(r);
  const a = assumptionShare(net);
  return { id: e.id, converged: r.converged, rounds: r.roundCount, ...m, assumed: { collateral: a.collateral.share, debt: a.debt.share, venueDepth: a.venueDepth.share } };
}

const results = [];
for (const e of EVENTS) results.push(e.measure ? await runEvent(e) : { id: e.id, built: false });

function render() {
  const out = ['# Back-test: five historical cascades', ''];
  out.push('Written by `npm run backtest` (scripts/backtest.js); a test checks that this file is exactly what it writes and pins');
  out.push('every figure. Each event is its network on the eve (`fixtures/history/<event>.json`) and a scenario with the real price');
  out.push('path (`<event>.scenario.json`); the record is history.md\'s. Nothing is fitted to the outcome: every input cites its own');
  out.push('source or is marked `assumed` with its method, and a miss stays a miss.', '');
  const built = results.filter((r) => r.built !== false);
  const hits = built.filter((r) => r.hit).length;
  out.push(`Built: ${built.length} of ${EVENTS.length} events; hit: ${hits} of ${built.length} built.`, '');
  out.push('| event | target | result |', '|---|---|---|');
  EVENTS.forEach((e, i) => out.push(`| ${e.id} | ${e.target} | ${results[i].built === false ? 'not built' : results[i].hit ? 'hit' : 'miss'} |`));
  EVENTS.forEach((e, i) => {
    const r = results[i];
    out.push('', `## ${e.id}: ${e.title}`, '');
    if (r.built === false) {
      out.push('Not built: the network on the eve and its scenario are not in fixtures/history/ yet.');
      return;
    }
    out.push(`Target: ${e.target}. Result: **${r.hit ? 'hit' : 'miss'}** (${r.rounds} rounds${r.converged ? '' : ', not settled within the round limit'}).`, '');
    out.push('| figure | model | record | model ÷ record | record\u2019s source |', '|---|---|---|---|---|');
    for (const x of r.rows) out.push(`| ${x.figure} | ${x.fmt(x.model)} | ${x.fmt(x.record)} | ${x.ratio === null ? '—' : x.ratio.toFixed(2)} | ${x.source} |`);
    out.push('', `Captured: ${e.captured}`, '', `Missed: ${e.missed}`, '');
    out.push(`Marked assumed: ${pct(r.assumed.collateral)} of collateral value, ${pct(r.assumed.debt)} of debt, ${pct(r.assumed.venueDepth)} of venue depth.`);
  });
  return out.join('\n') + '\n';
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results.map(({ rows, ...r }) => ({ ...r, ...(rows ? { figures: Object.fromEntries(rows.map((x) => [x.figure, x.model])) } : {}) })), null, 2));
} else if (process.argv.includes('--stdout')) {
  process.stdout.write(render());
} else {
  writeFileSync(new URL('docs/validation.md', root), render());
  console.log('wrote docs/validation.md');
}

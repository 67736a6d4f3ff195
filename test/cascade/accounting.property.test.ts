/**
 * The result's books (issue #14, "fix the double counting"; docs/api.md "Signs and units"):
 * - no amount is negative but those documented as signed: the bonus (a taker who pays more than the collateral's
 *   market value — an auction lot taken above market by the plain configuration's keepers — is paid a negative bonus)
 *   and a protocol's reserves (Comet's go negative when absorptions cost more than they hold, DESIGN §10 Losses);
 * - the round records add up to the protocol totals: collateral seized (tokens per asset, and USD at execution), debt
 *   repaid (USD at execution), bonus (USD), collateral sold (tokens per asset), bad debt booked by the executions (USD
 *   at execution) — an auction lot's sale is not a second seizure;
 * - nothing an engine returns is dropped: Maker's keeper incentives and returned lots, Liquity's surplus, redistributed
 *   debt and gas pool reach the result.
 * On the shipped examples (both configurations, several shocks), a network of every family, and random variants of it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNetwork, parseNetwork, PLAIN_CONFIGURATION, simulateCascade, type CascadeResult } from '../../src/index.js';
import { everyFamilyJson } from './networks.js';

/** Fields documented as signed (docs/api.md "Signs and units"). */
const SIGNED = new Set(['bonusPaidUsd', 'bonusGrossUsd', 'bonusUsd', 'reservesUsd']);
/** Amount fields that carry no `Usd` suffix. */
const AMOUNTS = new Set(['usd', 'amount', 'seized', 'repaid', 'paid', 'taken', 'sold', 'badDebt', 'count', 'amountIn', 'amountOut']);

/** Paths of negative amounts not documented as signed. */
function negatives(x: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v, i) => negatives(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object')
    for (const [key, v] of Object.entries(x)) {
      if (key === 'exposure' || key === 'manifest') continue; // Shapley shares are signed by nature; the manifest holds inputs
      if (typeof v === 'number' && (key.endsWith('Usd') || AMOUNTS.has(key)) && !SIGNED.has(key) && v < 0) out.push(`${path}.${key} = ${v}`);
      else negatives(v, `${path}.${key}`, out);
    }
  return out;
}

const close = (a: number, b: number, scale: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b), scale));

function checkBooks(r: CascadeResult): void {
  expect(negatives(r)).toEqual([]);
  expect(r.rounds.length).toBe(r.roundCount);
  for (const p of r.protocols) {
    const recs = r.rounds.flatMap((x) => x.liquidations.filter((l) => l.protocol === p.protocol));
    const sum = (f: (l: (typeof recs)[number]) => number) => recs.reduce((s, l) => s + f(l), 0);
    const scale = p.liquidatedCollateralUsd;
    close(sum((l) => l.seizedUsd), p.liquidatedCollateralUsd, scale);
    close(sum((l) => l.repaidUsd), p.repaidDebtUsd, scale);
    close(sum((l) => l.bonusUsd), p.bonusPaidUsd, scale);
    close(sum((l) => l.badDebt), p.badDebtAtExecutionUsd, scale);
    for (const a of new Set([...p.seized.map((x) => x.asset), ...recs.map((l) => l.collateral)])) {
      const of = recs.filter((l) => l.collateral === a);
      close(
        of.reduce((s, l) => s + l.seized, 0),
        p.seized.find((x) => x.asset === a)?.amount ?? 0,
        1,
      );
      close(
        of.reduce((s, l) => s + l.sold, 0),
        p.sold.find((x) => x.asset === a)?.amount ?? 0,
        1,
      );
    }
    // Taken = sold + kept (everything the takers received went to a venue or stayed with them).
    for (const t of p.taken) close(t.amount, (p.sold.find((x) => x.asset === t.asset)?.amount ?? 0) + (p.kept.find((x) => x.asset === t.asset)?.amount ?? 0), 1);
  }
}

const examples = join(import.meta.dirname, '../../fixtures/examples');

describe('the books of a cascade', () => {
  it('add up on the shipped examples, with and without the plain configuration', async () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const net = await loadNetwork(join(examples, f));
      for (const move of [-0.2, -0.3, -0.45])
        for (const o of [{}, PLAIN_CONFIGURATION]) checkBooks(simulateCascade(net, { shocks: { ETH: move } }, { ...o, exposure: 'none', maxRounds: 400 }));
    }
  });

  it('count a Maker auction once: stablecoin-peg-venue at ETH −30%, plain (the bark seizes 3,400 ETH; the takes sell lots of it)', async () => {
    const net = await loadNetwork(join(examples, 'stablecoin-peg-venue.json'));
    const r = simulateCascade(net, { shocks: { ETH: -0.3 } }, { ...PLAIN_CONFIGURATION, exposure: 'none' });
    const cdp = r.protocols[0]!;
    const recs = r.rounds.flatMap((x) => x.liquidations);
    // v1 2,000 + v2 1,000 + v3 400 ETH, each vault barked whole (its debt × chop within the holes).
    expect(cdp.seized).toEqual([{ asset: 'ETH', amount: 3400, usd: expect.any(Number) }]);
    expect(recs.reduce((s, l) => s + l.seized, 0)).toBe(3400);
    const auctions = recs.filter((l) => l.kind === 'auction');
    expect(auctions.length).toBeGreaterThan(0);
    expect(auctions.every((l) => l.seized === 0 && l.repaid === 0 && l.paid > 0 && l.taken > 0)).toBe(true);
    // What the takes did not need goes back to the vaults: seized = taken by keepers + returned to owners.
    const taken = auctions.reduce((s, l) => s + l.taken, 0);
    expect(taken + cdp.returnedToOwner.reduce((s, x) => s + x.amount, 0)).toBeCloseTo(3400, 9);
    // The lot held at bark is not a protocol fee: no fee, gross bonus = net bonus (negative: keepers paid above market).
    expect(cdp.protocolFeeUsd).toBe(0);
    expect(cdp.bonusGrossUsd).toBe(cdp.bonusPaidUsd);
    expect(cdp.bonusPaidUsd).toBeLessThan(0);
    // The kick incentives (tip 250 + chip 0.1% of each tab) are paid and booked as the vow books them.
    expect(cdp.keeperIncentive.length).toBe(1);
    expect(cdp.keeperIncentive[0]!.amount).toBeCloseTo(3 * 250 + 0.001 * recs.filter((l) => l.kind === 'absorb').reduce((s, l) => s + l.repaid, 0) * 1.13, 6);
  });

  it('add up on a network of every family and on random variants of it', () => {
    const arb = fc.record({
      eth: fc.double({ min: -0.5, max: -0.1, noNaN: true }),
      wbtc: fc.double({ min: -0.4, max: 0, noNaN: true }),
      seed: fc.integer({ min: 1, max: 1000 }),
      depth: fc.double({ min: 0.2, max: 2, noNaN: true }),
      plain: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ eth, wbtc, seed, depth, plain }) => {
        const json = everyFamilyJson();
        for (const v of json.venues) {
          if (v.reserves) v.reserves = v.reserves.map((x: number) => x * depth);
          if (v.balances) v.balances = v.balances.map((x: number) => x * depth);
        }
        for (const p of json.protocols) for (const m of p.markets) if (m.generator) m.generator.seed = seed + m.generator.seed;
        checkBooks(simulateCascade(parseNetwork(json), { shocks: { ETH: eth, WBTC: wbtc } }, { ...(plain ? PLAIN_CONFIGURATION : {}), exposure: 'none', maxRounds: 120 }));
      }),
      { numRuns: 6, seed: 14 },
    );
  });
});

/** Family rules on a market's parameters (the checks the protocols' own configurators make). */
import type { Market, Protocol } from '../schema/network.js';
import type { PathSegment } from '../path.js';
import type { IssueList } from './issue-list.js';

type Of<F extends Protocol['family']> = Extract<Protocol, { family: F }>;

function exactlyOne(list: readonly unknown[], at: PathSegment[], what: string, out: IssueList): void {
  if (list.length !== 1) out.expect(at, `exactly one ${what}`, `${list.length}`);
}

function aave(m: Of<'aave-v3'>['markets'][number], at: PathSegment[], out: IssueList): void {
  const check = (c: { ltv: number; liquidationThreshold: number; liquidationBonus: number }, path: PathSegment[]) => {
    if (c.ltv > c.liquidationThreshold) out.expect([...path, 'ltv'], `ltv <= liquidationThreshold (${c.liquidationThreshold})`, c.ltv);
    // PoolConfigurator.configureReserveAsCollateral: LT × (1 + bonus) <= 100%, so a liquidation can always pay its bonus.
    if (c.liquidationThreshold * (1 + c.liquidationBonus) > 1 + 1e-12)
      out.expect([...path, 'liquidationBonus'], `liquidationThreshold × (1 + liquidationBonus) <= 1 (LT ${c.liquidationThreshold}: bonus <= ${(1 / c.liquidationThreshold - 1).toFixed(4)})`, c.liquidationBonus);
  };
  m.collaterals.forEach((c, k) => check(c, [...at, 'collaterals', k]));
  const reserves = new Set([...m.collaterals.map((c) => c.asset), ...m.borrowables.map((b) => b.asset)]);
  const borrowables = new Set(m.borrowables.map((b) => b.asset));
  out.unique(m.emodes, [...at, 'emodes'], 'e-mode');
  m.emodes.forEach((e, k) => {
    e.collaterals.forEach((c, j) => {
      check(c, [...at, 'emodes', k, 'collaterals', j]);
      if (!reserves.has(c.asset)) out.unknown([...at, 'emodes', k, 'collaterals', j, 'asset'], 'reserve of this market', c.asset, reserves);
    });
    e.borrowables.forEach((b, j) => {
      if (!borrowables.has(b)) out.unknown([...at, 'emodes', k, 'borrowables', j], 'borrowable of this market', b, borrowables);
    });
  });
}

function compound(m: Of<'compound-v3'>['markets'][number], at: PathSegment[], out: IssueList): void {
  exactlyOne(m.borrowables, [...at, 'borrowables'], 'borrowable (the base asset)', out);
  m.collaterals.forEach((c, k) => {
    // Comet's constructor: borrowCollateralFactor < liquidateCollateralFactor (BorrowCFTooLarge).
    if (c.borrowCollateralFactor >= c.liquidateCollateralFactor)
      out.expect([...at, 'collaterals', k, 'borrowCollateralFactor'], `borrowCollateralFactor < liquidateCollateralFactor (${c.liquidateCollateralFactor})`, c.borrowCollateralFactor);
  });
}

function maker(p: Of<'maker'>, m: Of<'maker'>['markets'][number], at: PathSegment[], out: IssueList): void {
  exactlyOne(m.collaterals, [...at, 'collaterals'], 'collateral (an ilk has one)', out);
  exactlyOne(m.borrowables, [...at, 'borrowables'], 'borrowable (DAI or USDS)', out);
  if (m.auction.kind !== p.version) out.expect([...at, 'auction', 'kind'], `"${p.version}" (the protocol's version)`, m.auction.kind);
}

function liquity(p: Of<'liquity'>, m: Of<'liquity'>['markets'][number], at: PathSegment[], out: IssueList): void {
  exactlyOne(m.collaterals, [...at, 'collaterals'], 'collateral (a branch has one)', out);
  exactlyOne(m.borrowables, [...at, 'borrowables'], 'borrowable (LUSD or BOLD)', out);
  m.collaterals.forEach((c, k) => {
    if (c.CCR < c.MCR) out.expect([...at, 'collaterals', k, 'CCR'], `CCR >= MCR (${c.MCR})`, c.CCR);
    if (p.version === 'v2' && c.SCR === undefined) out.add([...at, 'collaterals', k, 'SCR'], 'missing field: expected the shutdown ratio SCR (Liquity v2)');
    if (p.version === 'v1' && c.SCR !== undefined) out.expect([...at, 'collaterals', k, 'SCR'], 'no SCR under Liquity v1', c.SCR);
  });
  for (const f of ['liquidationPenaltySP', 'liquidationPenaltyRedistribution'] as const) {
    if (p.version === 'v2' && m[f] === undefined) out.add([...at, f], `missing field: expected ${f} (Liquity v2)`);
    if (p.version === 'v1' && m[f] !== undefined) out.expect([...at, f], `no ${f} under Liquity v1 (its penalty is implicit)`, m[f]);
  }
}

function generic(m: Of<'generic'>['markets'][number], at: PathSegment[], out: IssueList): void {
  m.collaterals.forEach((c, k) => {
    if (c.ltv !== undefined && c.ltv > c.liquidationThreshold) out.expect([...at, 'collaterals', k, 'ltv'], `ltv <= liquidationThreshold (${c.liquidationThreshold})`, c.ltv);
  });
}

function euler(m: Of<'euler-v2'>['markets'][number], at: PathSegment[], out: IssueList): void {
  exactlyOne(m.borrowables, [...at, 'borrowables'], 'borrowable (the liability vault lends its own asset)', out);
  m.collaterals.forEach((c, k) => {
    // EVault.setLTV: the borrowing LTV may not exceed the liquidation LTV (E_LTVBorrow).
    if (c.borrowLTV !== undefined && c.borrowLTV > c.liquidationLTV) out.expect([...at, 'collaterals', k, 'borrowLTV'], `borrowLTV <= liquidationLTV (${c.liquidationLTV})`, c.borrowLTV);
  });
}

export function validateFamilyRules(p: Protocol, m: Market, at: PathSegment[], out: IssueList): void {
  switch (p.family) {
    case 'aave-v3':
      return aave(m as Of<'aave-v3'>['markets'][number], at, out);
    case 'compound-v3':
      return compound(m as Of<'compound-v3'>['markets'][number], at, out);
    case 'maker':
      return maker(p, m as Of<'maker'>['markets'][number], at, out);
    case 'liquity':
      return liquity(p, m as Of<'liquity'>['markets'][number], at, out);
    case 'morpho-blue': {
      const mm = m as Of<'morpho-blue'>['markets'][number];
      exactlyOne(mm.collaterals, [...at, 'collaterals'], 'collateral (a Morpho market has one)', out);
      exactlyOne(mm.borrowables, [...at, 'borrowables'], 'loan asset', out);
      return;
    }
    case 'perp':
      exactlyOne(m.collaterals, [...at, 'collaterals'], 'collateral (the margin asset)', out);
      return;
    case 'generic':
      return generic(m as Of<'generic'>['markets'][number], at, out);
    case 'euler-v2':
      return euler(m as Of<'euler-v2'>['markets'][number], at, out);
  }
}

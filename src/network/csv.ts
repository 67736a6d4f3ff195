/**
 * Positions in a CSV side file, long form (DESIGN §10): `market,position,owner,emode,asset,side,amount`, one
 * row per asset of a position. A market referencing the file takes the rows whose `market` is its id.
 */
import type { Position } from './schema/positions.js';
import { ID_PATTERN } from './schema/common.js';

export const CSV_COLUMNS = ['market', 'position', 'owner', 'emode', 'asset', 'side', 'amount'] as const;

/** RFC 4180 fields: commas, double quotes, "" as an escaped quote. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface CsvPositions {
  /** market id → positions, in file order. */
  byMarket: Map<string, Position[]>;
  /** Problems, each `line N: …`. */
  errors: string[];
}

export function parsePositionsCsv(text: string): CsvPositions {
  const errors: string[] = [];
  const byMarket = new Map<string, Position[]>();
  const index = new Map<string, Position>();
  const lines = text.split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (header.join(',') !== CSV_COLUMNS.join(',')) {
    return { byMarket, errors: [`line 1: expected the header ${CSV_COLUMNS.join(',')}, got ${header.join(',') || '(empty)'}`] };
  }
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (!line.trim()) continue;
    const at = `line ${n + 1}`;
    const f = parseCsvLine(line).map((x) => x.trim());
    if (f.length !== CSV_COLUMNS.length) {
      errors.push(`${at}: expected ${CSV_COLUMNS.length} fields, got ${f.length}`);
      continue;
    }
    const [market, position, owner, emode, asset, side, amount] = f as [string, string, string, string, string, string, string];
    const bad = (what: string, v: string) => errors.push(`${at}: expected ${what}, got "${v}"`);
    if (!ID_PATTERN.test(market)) bad('a market id', market);
    if (!ID_PATTERN.test(position)) bad('a position id', position);
    if (!ID_PATTERN.test(asset)) bad('an asset id', asset);
    if (side !== 'collateral' && side !== 'debt') bad('side "collateral" or "debt"', side);
    const x = Number(amount);
    if (amount === '' || !Number.isFinite(x) || x < 0) bad('an amount >= 0 (whole tokens)', amount);
    const e = emode === '' ? undefined : Number(emode);
    if (e !== undefined && !(Number.isInteger(e) && e >= 1 && e <= 255)) bad('an e-mode id in 1..255 or nothing', emode);
    const key = `${market}\u0000${position}`;
    let p = index.get(key);
    if (!p) {
      p = { id: position, collateral: {}, debt: {}, ...(owner ? { owner } : {}), ...(e !== undefined ? { emode: e } : {}) };
      index.set(key, p);
      let list = byMarket.get(market);
      if (!list) byMarket.set(market, (list = []));
      list.push(p);
    } else {
      if ((p.owner ?? '') !== owner) errors.push(`${at}: position "${position}" has owner "${p.owner ?? ''}" on an earlier line; expected the same owner, got "${owner}"`);
      if (p.emode !== e) errors.push(`${at}: position "${position}" has e-mode ${p.emode ?? '(none)'} on an earlier line; expected the same e-mode, got ${emode || '(none)'}`);
    }
    // A row already reported keeps its value out of the positions, so it is not reported twice.
    if ((side === 'collateral' || side === 'debt') && amount !== '' && Number.isFinite(x) && x >= 0) {
      const book = p[side];
      if (book[asset] !== undefined) errors.push(`${at}: position "${position}" lists ${side} "${asset}" twice; expected one row per asset and side`);
      book[asset] = x;
    }
  }
  return { byMarket, errors };
}

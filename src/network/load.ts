/** `loadNetwork(path)`: reads a network file, resolves CSV position files beside it, validates everything. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parsePositionsCsv } from './csv.js';
import { NetworkError, type NetworkIssue } from './errors.js';
import { checkNetwork } from './parse.js';
import { formatPath } from './path.js';
import type { Network } from './schema/network.js';

/** Parses JSON text; a syntax error becomes one issue with its line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos).split('\n');
      where = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    }
    const reason = msg.replace(/^(JSON\.parse: )?/, '').replace(/ in JSON at position \d+.*$/, '');
    throw new NetworkError([{ path: '', message: `${file} is not valid JSON${where}: ${reason}` }], 'loadNetwork', 'syntax');
  }
}

interface CsvRef {
  protocol: number;
  market: number;
  marketId: string;
  csv: string;
}

function csvRefs(json: unknown): CsvRef[] {
  const refs: CsvRef[] = [];
  const protocols = (json as { protocols?: unknown })?.protocols;
  if (!Array.isArray(protocols)) return refs;
  protocols.forEach((p, i) => {
    const markets = (p as { markets?: unknown })?.markets;
    if (!Array.isArray(markets)) return;
    markets.forEach((m, k) => {
      const csv = (m as { positions?: { csv?: unknown } })?.positions?.csv;
      if (typeof csv === 'string' && csv) refs.push({ protocol: i, market: k, marketId: String((m as { id?: unknown }).id), csv });
    });
  });
  return refs;
}

/** Reads a JSON file: a missing or unreadable file is a `NetworkError` with code `unreadable`, bad JSON `syntax`. */
export async function readJsonFile(path: string, context = 'loadNetwork'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new NetworkError([{ path: '', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` }], context, 'unreadable');
  }
  return parseJsonText(text, path);
}

/** Reads and validates a network file; throws `NetworkError` on any problem (file, JSON, CSV, shape, references). */
export async function loadNetwork(path: string): Promise<Network> {
  const json = await readJsonFile(path);
  const issues: NetworkIssue[] = [];
  const files = new Map<string, ReturnType<typeof parsePositionsCsv> | string>();
  const used = new Map<string, Set<string>>();
  for (const ref of csvRefs(json)) {
    const at = formatPath(['protocols', ref.protocol, 'markets', ref.market, 'positions', 'csv']);
    const file = resolve(dirname(path), ref.csv);
    if (!files.has(file)) {
      try {
        const parsed = parsePositionsCsv(await readFile(file, 'utf8'));
        files.set(file, parsed);
        for (const err of parsed.errors) issues.push({ path: at, message: `${ref.csv} ${err}` });
      } catch (e) {
        files.set(file, `cannot read ${ref.csv}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
    }
    const parsed = files.get(file)!;
    if (typeof parsed === 'string') {
      issues.push({ path: at, message: `${parsed}; expected a CSV file relative to the network file` });
      continue;
    }
    const positions = parsed.byMarket.get(ref.marketId) ?? [];
    if (!used.has(file)) used.set(file, new Set());
    used.get(file)!.add(ref.marketId);
    ((json as { protocols: { markets: { positions: unknown }[] }[] }).protocols[ref.protocol]!.markets[ref.market]!).positions = positions;
  }
  for (const [file, markets] of used) {
    const parsed = files.get(file);
    if (typeof parsed === 'string' || !parsed) continue;
    for (const m of parsed.byMarket.keys())
      if (!markets.has(m)) issues.push({ path: '', message: `${file}: rows for market "${m}", which no market referencing this file has; expected every row to belong to a market that lists the file` });
  }
  const checked = checkNetwork(json);
  issues.push(...checked.issues);
  if (issues.length || !checked.network) throw new NetworkError(issues, 'loadNetwork');
  return checked.network;
}

/**
 * `loadNetwork(path)`: reads a network file, resolves CSV position files beside it, validates everything. A file
 * never makes it read outside its folder: a side file is a name relative to the network file's folder, without
 * `..`, and its real path (links followed) must stay inside that folder (issue #19).
 */
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parsePositionsCsv } from './csv.js';
import { NetworkError, type NetworkIssue } from './errors.js';
import { decodeJsonBytes, parseJsonText } from './json-text.js';
import { checkNetwork } from './parse.js';
import { formatPath } from './path.js';
import type { Network } from './schema/network.js';
import type { ProgressCallback } from '../util/progress.js';

const cannotRead = (name: string, e: unknown) => `cannot read ${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'a folder, not a file' : (e as Error).message}`;

/** Reads a JSON file: a missing or unreadable file is a `NetworkError` with code `unreadable`, bad JSON `syntax`. */
export async function readJsonFile(path: string, context = 'loadNetwork'): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new NetworkError([{ path: '', message: cannotRead(path, e) }], context, 'unreadable');
  }
  return parseJsonText(decodeJsonBytes(bytes, path), path);
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

const inside = (dir: string, file: string) => {
  const r = relative(dir, file);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

type SideFile = { text: string } | { invalid: string } | { unreadable: string };

/** A side file's text, or why it is refused (`invalid`: it names a place outside the folder) or unreadable. */
async function readSideFile(networkPath: string, name: string): Promise<SideFile> {
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name)) return { invalid: `expected a CSV file name relative to the network file's folder, got an absolute path "${name}"` };
  if (name.split(/[\\/]/).includes('..')) return { invalid: `expected a CSV file inside the network file's folder, got "${name}", which climbs out of it with ".."` };
  let dir: string;
  let real: string;
  try {
    dir = await realpath(dirname(networkPath));
    real = await realpath(resolve(dir, name));
  } catch (e) {
    return { unreadable: `${cannotRead(name, e)}; expected a CSV file in the network file's folder` };
  }
  if (!inside(dir, real)) return { invalid: `expected a CSV file inside the network file's folder, got "${name}", a link that leads outside it` };
  try {
    return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(await readFile(real)) };
  } catch (e) {
    return { unreadable: `${cannotRead(name, e)}; expected a CSV file in the network file's folder` };
  }
}

/**
 * Reads and validates a network file; throws `NetworkError` on any problem (file, JSON, CSV, shape, references).
 * `onProgress(done, total)` counts stages: the file read and parsed, each CSV side file, the validation.
 */
export async function loadNetwork(path: string, options: { onProgress?: ProgressCallback } = {}): Promise<Network> {
  const json = await readJsonFile(path);
  const refs = csvRefs(json);
  const stages = 2 + new Set(refs.map((r) => r.csv)).size;
  let stage = 1;
  options.onProgress?.(stage, stages);
  const issues: NetworkIssue[] = [];
  const unreadable: NetworkIssue[] = [];
  const files = new Map<string, ReturnType<typeof parsePositionsCsv> | null>();
  const used = new Map<string, Set<string>>();
  for (const ref of refs) {
    const at = formatPath(['protocols', ref.protocol, 'markets', ref.market, 'positions', 'csv']);
    const market = (json as { protocols: { markets: { positions: unknown }[] }[] }).protocols[ref.protocol]!.markets[ref.market]!;
    // A refused or unreadable file leaves the market without positions: its one issue says why, nothing else does.
    market.positions = [];
    if (!files.has(ref.csv)) {
      const side = await readSideFile(path, ref.csv);
      if ('text' in side) {
        const parsed = parsePositionsCsv(side.text);
        files.set(ref.csv, parsed);
        for (const err of parsed.errors) issues.push({ path: at, message: `${ref.csv} ${err}` });
      } else {
        files.set(ref.csv, null);
        ('invalid' in side ? issues : unreadable).push({ path: at, message: 'invalid' in side ? side.invalid : side.unreadable });
      }
      options.onProgress?.(++stage, stages);
    }
    const parsed = files.get(ref.csv);
    if (!parsed) continue;
    market.positions = parsed.byMarket.get(ref.marketId) ?? [];
    if (!used.has(ref.csv)) used.set(ref.csv, new Set());
    used.get(ref.csv)!.add(ref.marketId);
  }
  if (unreadable.length) throw new NetworkError(unreadable, 'loadNetwork', 'unreadable');
  for (const [file, markets] of used) {
    const parsed = files.get(file);
    if (!parsed) continue;
    for (const m of parsed.byMarket.keys())
      if (!markets.has(m)) issues.push({ path: '', message: `${file}: rows for market "${m}", which no market referencing this file has; expected every row to belong to a market that lists the file` });
  }
  const checked = checkNetwork(json);
  options.onProgress?.(stages, stages);
  issues.push(...checked.issues);
  if (issues.length || !checked.network) throw new NetworkError(issues, 'loadNetwork');
  return checked.network;
}

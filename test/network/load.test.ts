import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, NetworkError, networkJsonSchemaText, parsePositionsCsv } from '../../src/index.js';
import { base } from './base.js';

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function loadError(path: string): Promise<NetworkError> {
  try {
    await loadNetwork(path);
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    return e as NetworkError;
  }
  throw new Error('expected loadNetwork to throw');
}

describe('loadNetwork', () => {
  it('loads positions from a CSV side file in long form, each market taking its own rows', async () => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv: 'positions.csv' };
    n.protocols[1].markets[0].positions = { csv: 'positions.csv' };
    const csv = [
      'market,position,owner,emode,asset,side,amount',
      'core,a1,alice,,ETH,collateral,1000',
      'core,a1,alice,,USDC,debt,1500000',
      'main,b1,"alice",,ETH,collateral,800',
      'main,b1,alice,,USDC,debt,1000000',
      'core,a2,,,ETH,collateral,500',
    ].join('\n');
    const dir = tmp({ 'net.json': JSON.stringify(n), 'positions.csv': csv });
    const net = await loadNetwork(join(dir, 'net.json'));
    const p = net.protocols[0]!.markets[0]!.positions as { id: string }[];
    expect(p).toEqual([
      { id: 'a1', owner: 'alice', collateral: { ETH: 1000 }, debt: { USDC: 1_500_000 } },
      { id: 'a2', collateral: { ETH: 500 }, debt: {} },
    ]);
    expect(net.protocols[1]!.markets[0]!.positions).toEqual([{ id: 'b1', owner: 'alice', collateral: { ETH: 800 }, debt: { USDC: 1_000_000 } }]);
  });

  it('reports its stages to onProgress: the file, each CSV side file once, the validation', async () => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv: 'p.csv' };
    n.protocols[1].markets[0].positions = { csv: 'p.csv' };
    const csv = 'market,position,owner,emode,asset,side,amount\ncore,a1,,,ETH,collateral,10\nmain,b1,,,ETH,collateral,5\n';
    const dir = tmp({ 'net.json': JSON.stringify(n), 'p.csv': csv });
    const calls: [number, number][] = [];
    await loadNetwork(join(dir, 'net.json'), { onProgress: (d, t) => calls.push([d, t]) });
    // one shared file: 2 + 1 = 3 stages
    expect(calls).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('reports CSV problems with the file, line and value, together with the network\'s own problems', async () => {
    const n = base();
    n.assets[0].price = 0;
    n.protocols[0].markets[0].positions = { csv: 'p.csv' };
    const csv = ['market,position,owner,emode,asset,side,amount', 'core,a1,,,ETH,collat,10', 'core,a1,,,USDC,debt,-5', 'core,a2,,300,ETH,collateral,1'].join('\n');
    const dir = tmp({ 'net.json': JSON.stringify(n), 'p.csv': csv });
    const e = await loadError(join(dir, 'net.json'));
    expect(e.issues).toEqual(
      expect.arrayContaining([
        { path: 'protocols[0].markets[0].positions.csv', message: 'p.csv line 2: expected side "collateral" or "debt", got "collat"' },
        { path: 'protocols[0].markets[0].positions.csv', message: 'p.csv line 3: expected an amount >= 0 (whole tokens), got "-5"' },
        { path: 'protocols[0].markets[0].positions.csv', message: 'p.csv line 4: expected an e-mode id in 1..255 or nothing, got "300"' },
        { path: 'assets[0].price', message: 'expected a USD price > 0, got 0' },
      ]),
    );
  });

  it('a missing CSV, a missing file and invalid JSON each give one clear issue', async () => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv: 'nope.csv' };
    const dir = tmp({ 'net.json': JSON.stringify(n), 'bad.json': '{\n  "schemaVersion": 1,\n  "meta": {,}\n}' });
    const missingCsv = await loadError(join(dir, 'net.json'));
    expect(missingCsv.issues).toEqual([{ path: 'protocols[0].markets[0].positions.csv', message: 'cannot read nope.csv: no such file; expected a CSV file in the network file\'s folder' }]);
    expect(missingCsv.code).toBe('unreadable');
    const missing = await loadError(join(dir, 'none.json'));
    expect(missing.code).toBe('unreadable');
    expect(missing.issues[0]!.message).toMatch(/cannot read .*none\.json: no such file/);
    const bad = await loadError(join(dir, 'bad.json'));
    expect(bad.code).toBe('syntax');
    // The "," after "{" on line 3 is at column 12.
    expect(bad.issues[0]!.message).toMatch(/bad\.json is not valid JSON at line 3, column 12/);
  });

  it('parsePositionsCsv refuses a wrong header and inconsistent owners', () => {
    expect(parsePositionsCsv('a,b\n1,2').errors).toEqual(['line 1: expected the header market,position,owner,emode,asset,side,amount, got a,b']);
    const r = parsePositionsCsv('market,position,owner,emode,asset,side,amount\nm,p,x,,ETH,collateral,1\nm,p,y,,USDC,debt,1');
    expect(r.errors).toEqual(['line 3: position "p" has owner "x" on an earlier line; expected the same owner, got "y"']);
  });
});

describe('docs/network.schema.json', () => {
  it('is up to date with the zod schemas (regenerate with `npm run schema`)', () => {
    const onDisk = readFileSync(new URL('../../docs/network.schema.json', import.meta.url), 'utf8');
    expect(onDisk).toBe(networkJsonSchemaText());
  });
});

/**
 * Issue #19 item 5: files that a new user (or an attacker) hands the loader. Each is refused with ONE NetworkError
 * by JSON path, exit 1 for an invalid network (deep nesting, huge numbers, a side file outside the folder, a
 * `__proto__` key) and 2 for an unreadable file (empty, byte-order mark alone, binary, a missing side file); nothing
 * outside the network's folder is read, no raw content is echoed.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, NetworkError } from '../../src/index.js';
import { run } from '../../src/cli/program.js';
import { base } from './base.js';

const SECRET = 'market,position,owner,emode,asset,side,amount\ncore,s1,SECRET-MARKER,,ETH,collateral,1\n';

/** A folder `net/` holding the files, beside a folder `outside/` holding a CSV the network must never read. */
function folder(files: Record<string, string | Uint8Array>): { dir: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'defi-contagion-hostile-'));
  const dir = join(root, 'net');
  const outside = join(root, 'outside');
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.csv'), SECRET);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return { dir, outside };
}

async function refusal(path: string): Promise<NetworkError> {
  try {
    await loadNetwork(path);
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    return e as NetworkError;
  }
  throw new Error(`expected loadNetwork(${path}) to throw`);
}

async function validate(path: string) {
  let out = '';
  let err = '';
  const code = await run(['validate', path], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** One issue, at `path`, and the CLI's exit code. */
async function expectOne(file: string, path: string, message: string | RegExp, code: 'invalid' | 'syntax' | 'unreadable', exit: number) {
  const e = await refusal(file);
  expect(e.issues).toHaveLength(1);
  expect(e.code).toBe(code);
  expect(e.issues[0]!.path).toBe(path);
  if (typeof message === 'string') expect(e.issues[0]!.message).toBe(message);
  else expect(e.issues[0]!.message).toMatch(message);
  const r = await validate(file);
  expect(r.code).toBe(exit);
  expect(r.out + r.err).not.toContain('SECRET-MARKER');
  return e;
}

describe('JSON nested 5,000 deep', () => {
  it('is refused at the 65th level by path, before JSON.parse recurses (no RangeError), exit 1', async () => {
    const { dir } = folder({ 'deep.json': `{"meta": {"note": ${'['.repeat(5000)}${']'.repeat(5000)}}}` });
    // the root (level 1), meta (2), note's array (3), then arrays at [0]: the 65th level is note's 62nd [0]
    await expectOne(join(dir, 'deep.json'), `meta.note${'[0]'.repeat(62)}`, 'nested more than 64 levels deep; expected at most 64 levels of arrays and objects (the file was not parsed further)', 'invalid', 1);
  });

  it('64 levels are read (and then judged by the format)', async () => {
    const { dir } = folder({ 'ok.json': `${'['.repeat(64)}${']'.repeat(64)}` });
    const e = await refusal(join(dir, 'ok.json'));
    expect(e.code).toBe('invalid');
    expect(e.issues[0]!.message).not.toMatch(/nested/);
  });
});

describe('a price of 1e300', () => {
  it('is refused with the bound in the message, exit 1', async () => {
    const n = base();
    n.assets[0].price = 1e300;
    const { dir } = folder({ 'net.json': JSON.stringify(n) });
    await expectOne(join(dir, 'net.json'), 'assets[0].price', 'expected a USD price <= 1e9 (a bound that keeps every product finite), got 1e+300', 'invalid', 1);
  });

  it('an amount of 1e300 tokens, a price below 1e-12 too', async () => {
    const n = base();
    n.protocols[0].markets[0].positions[0].collateral.ETH = 1e300;
    const { dir } = folder({ 'net.json': JSON.stringify(n) });
    await expectOne(join(dir, 'net.json'), 'protocols[0].markets[0].positions[0].collateral.ETH', 'expected an amount <= 1e18 (whole tokens; a bound that keeps every product finite), got 1e+300', 'invalid', 1);
    const m = base();
    m.assets[1].price = 1e-300;
    const { dir: d2 } = folder({ 'net.json': JSON.stringify(m) });
    await expectOne(join(d2, 'net.json'), 'assets[1].price', 'expected a USD price >= 1e-12 (a bound that keeps every quotient finite), got 1e-300', 'invalid', 1);
  });
});

describe('a CSV side file outside the network file\'s folder', () => {
  const withCsv = (csv: string) => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv };
    return n;
  };

  it('an absolute path (/etc/passwd) is refused unread, its content never echoed, exit 1', async () => {
    const { dir } = folder({ 'net.json': JSON.stringify(withCsv('/etc/passwd')) });
    const e = await expectOne(join(dir, 'net.json'), 'protocols[0].markets[0].positions.csv', 'expected a CSV file name relative to the network file\'s folder, got an absolute path "/etc/passwd"', 'invalid', 1);
    expect(e.message).not.toMatch(/root:/);
  });

  it('an absolute path to a real CSV outside, `../`, and a link that leads outside: refused, nothing read', async () => {
    const probe = folder({});
    writeFileSync(join(probe.dir, 'net.json'), JSON.stringify(withCsv(join(probe.outside, 'secret.csv'))));
    await expectOne(join(probe.dir, 'net.json'), 'protocols[0].markets[0].positions.csv', /^expected a CSV file name relative to the network file's folder, got an absolute path/, 'invalid', 1);

    const { dir } = folder({ 'net.json': JSON.stringify(withCsv('../outside/secret.csv')) });
    await expectOne(join(dir, 'net.json'), 'protocols[0].markets[0].positions.csv', 'expected a CSV file inside the network file\'s folder, got "../outside/secret.csv", which climbs out of it with ".."', 'invalid', 1);

    const linked = folder({ 'net.json': JSON.stringify(withCsv('positions.csv')) });
    symlinkSync(join(linked.outside, 'secret.csv'), join(linked.dir, 'positions.csv'));
    await expectOne(join(linked.dir, 'net.json'), 'protocols[0].markets[0].positions.csv', 'expected a CSV file inside the network file\'s folder, got "positions.csv", a link that leads outside it', 'invalid', 1);
  });

  it('a CSV in a subfolder is read', async () => {
    const n = withCsv('data/p.csv');
    const { dir } = folder({ 'net.json': JSON.stringify(n) });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'p.csv'), 'market,position,owner,emode,asset,side,amount\ncore,a1,,,ETH,collateral,10\ncore,a1,,,USDC,debt,5000\n');
    const net = await loadNetwork(join(dir, 'net.json'));
    expect(net.protocols[0]!.markets[0]!.positions).toEqual([{ id: 'a1', collateral: { ETH: 10 }, debt: { USDC: 5000 } }]);
  });
});

describe('"__proto__" in a position\'s collateral', () => {
  it('is refused with the message of any unknown asset, exit 1', async () => {
    const n = base();
    const text = JSON.stringify(n).replace('"collateral":{"ETH":1000}', '"collateral":{"ETH":1000,"__proto__":-5}');
    expect(text).toContain('"__proto__":-5');
    const unknown = JSON.stringify(n).replace('"collateral":{"ETH":1000}', '"collateral":{"ETH":1000,"BTC":5}');
    const { dir } = folder({ 'proto.json': text, 'unknown.json': unknown });
    const e = await expectOne(join(dir, 'proto.json'), 'protocols[0].markets[0].positions[0].collateral.__proto__', 'unknown collateral of this market "__proto__"; expected one of "ETH"', 'invalid', 1);
    const u = await refusal(join(dir, 'unknown.json'));
    // the same message as an unknown asset, but for the name
    expect(u.issues.map((i) => i.message)).toEqual([e.issues[0]!.message.replace('__proto__', 'BTC')]);
  });

  it('elsewhere it is refused by path too, once', async () => {
    const text = JSON.stringify(base()).replace('"schemaVersion":1', '"schemaVersion":1,"__proto__":{"x":1}');
    const { dir } = folder({ 'net.json': text, 'sources.json': JSON.stringify({ ...base(), sources: JSON.parse('{"__proto__": {"x": 1}}') }) });
    await expectOne(join(dir, 'net.json'), '__proto__', 'unknown field "__proto__" (not part of the format; a typo?), got {"x":1}', 'invalid', 1);
    await expectOne(join(dir, 'sources.json'), 'sources.__proto__', 'unexpected key "__proto__"; expected a field of this object or an id', 'invalid', 1);
  });
});

describe('files that are not JSON text', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['empty.json', '', 'is empty; expected a network JSON object'],
    ['bom.json', '\uFEFF', 'holds only a byte-order mark; expected a network JSON object after it'],
    ['junk.json', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]), 'is binary, not JSON text (bytes that are not UTF-8 at byte 8); expected a network JSON file'],
    ['controls.json', '{"a": 1}\u0000\u001b[2J', 'is binary, not JSON text (control character U+0000 at character 9); expected a network JSON file'],
  ];
  for (const [name, body, message] of cases)
    it(`${name}: one clear message, no line and column, nothing raw echoed, exit 2`, async () => {
      const { dir } = folder({ [name]: body });
      const file = join(dir, name);
      await expectOne(file, '', `${file} ${message}`, 'syntax', 2);
      const r = await validate(file);
      expect(r.err).toBe(`defi-contagion: ${file} ${message}\n`);
      expect(r.err).toMatch(/^[\x20-\x7e\n]*$/);
    });

  it('a syntax error names its line and column and never quotes the text', async () => {
    const { dir } = folder({ 'x.json': '{\n  "meta": {"name": "\u00e9t\u00e9"},\n  oops\n}' });
    const e = await refusal(join(dir, 'x.json'));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.message).not.toContain('été');
  });

  it('a valid file that starts with a byte-order mark is read, the mark skipped', async () => {
    const { dir } = folder({ 'bom-net.json': `\uFEFF${JSON.stringify(base())}` });
    const net = await loadNetwork(join(dir, 'bom-net.json'));
    expect(net.assets.map((a) => a.id)).toEqual(['ETH', 'USDC']);
  });
});

describe('a missing CSV side file', () => {
  it('is one message, the right one (not also "read by loadNetwork(path) only"), exit 2', async () => {
    const n = base();
    n.protocols[0].markets[0].positions = { csv: 'nope.csv' };
    const { dir } = folder({ 'net.json': JSON.stringify(n) });
    await expectOne(join(dir, 'net.json'), 'protocols[0].markets[0].positions.csv', 'cannot read nope.csv: no such file; expected a CSV file in the network file\'s folder', 'unreadable', 2);
  });
});

/**
 * Issue #18 "Why": each command-line mistake a new user made, now one clear line on stderr and its exit code
 * (0 done, 1 invalid network or scenario, 2 usage or unreadable file, 3 ran but did not settle, 4 internal error).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { exitCodeOf } from '../../src/cli/exit.js';

const cli = runCli;

const NET = 'fixtures/examples/two-lenders-shared-eth.json';
const oneLine = (s: string) => s.split('\n').filter((l) => l).length === 1 && s.endsWith('\n');

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-cli-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('--shock: a move carries its sign and %, one per asset', () => {
  it('ETH=30 is refused (it ran as +3000%)', async () => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=30']);
    expect(r).toEqual({ code: 2, out: '', err: 'defi-contagion: --shock ETH=30: a move carries its sign and %, such as ETH=-30% or ETH=+10%\n' });
  });

  it('ETH=-30 (no %) and ETH=30% (no sign) get the same rule, not "above -100%"', async () => {
    for (const arg of ['ETH=-30', 'ETH=30%', 'ETH=-0.3']) {
      const r = await cli(['simulate', NET, '--shock', arg]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`defi-contagion: --shock ${arg}: a move carries its sign and %, such as ETH=-30% or ETH=+10%\n`);
    }
  });

  it('two moves of one asset are an error, also when one names it by another spelling', async () => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=-10%', '--shock', 'eth=-50%']);
    expect(r).toEqual({ code: 2, out: '', err: 'defi-contagion: --shock ETH=-10% and --shock eth=-50% both move ETH; give one move per asset\n' });
  });

  it('a move above +1000% is refused with the bound', async () => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=+1500%']);
    expect(r).toEqual({ code: 2, out: '', err: 'defi-contagion: --shock ETH=+1500%: a move must be at most +1000%\n' });
  });

  it('the syntax is checked before the network file is read', async () => {
    const r = await cli(['simulate', 'no-such-file.json', '--shock', 'ETH=30']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a move carries its sign and %');
  });

  it('+10% and -30% run: the move is the signed fraction', async () => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=+10%', '--shock', 'USDC=-0.5%', '--exposure', 'none', '--json', '--rounds', 'none']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).manifest.scenario.shocks).toEqual({ ETH: 0.1, USDC: -0.005 });
  });
});

describe('the description, the exit-code table and plurals', () => {
  it('the top-level help names every command and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    // the description names each registered command (commander wraps it to the terminal width)
    expect(r.out.replace(/\s+/g, ' ')).toMatch(/Commands: validate, inspect, simulate\b/);
    for (const line of ['0  done', '1  invalid network or scenario', '2  usage mistake or unreadable file', '3  ran but did not settle', '4  internal error']) expect(r.out).toContain(line);
  });

  it('every command\'s help carries the same table', async () => {
    for (const c of ['validate', 'inspect', 'simulate']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Exit codes:\n  0  done\n  1  invalid network or scenario');
    }
  });

  it('an internal error exits 4, not 2, with one line', async () => {
    const r = await cli(['inspect', NET], {
      out: () => {
        throw new TypeError('cannot write');
      },
    });
    expect(r.code).toBe(4);
    expect(r.err).toBe('defi-contagion: internal error: cannot write\n');
    let err = '';
    expect(exitCodeOf(new RangeError('x\ny'), { out: () => {}, err: (t) => (err += t) })).toBe(4);
    expect(err).toBe('defi-contagion: internal error: x\n');
  });

  it('"settled after 1 round", singular', async () => {
    const r = await cli(['simulate', NET, '--exposure', 'none']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no shock: settled after 1 round of 60 s');
  });

  it('a run that reaches its round limit prints its result and exits 3 with one line', async () => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=-30%', '--max-rounds', '2', '--exposure', 'none']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('NOT settled (round limit reached) after 2 rounds');
    expect(r.err).toMatch(/^defi-contagion: not settled after 2 rounds \(the round limit\): [^\n]+\n$/);
  });
});

describe('bounds on every numeric option', () => {
  const cases: [string, string, string][] = [
    ['--round-seconds', '1e12', 'expected a number of seconds (1 s to 1 day) from 1 to 86,400.'],
    ['--round-seconds', '0.5', 'expected a number of seconds (1 s to 1 day) from 1 to 86,400.'],
    ['--round-seconds', 'sixty', 'expected a number of seconds (1 s to 1 day) from 1 to 86,400.'],
    ['--max-rounds', '0', 'expected a whole number of rounds from 1 to 100,000.'],
    ['--max-rounds', '2.5', 'expected a whole number of rounds from 1 to 100,000.'],
    ['--max-rounds', '1e9', 'expected a whole number of rounds from 1 to 100,000.'],
  ];
  for (const [opt, value, expected] of cases)
    it(`${opt} ${value} is refused with its bounds`, async () => {
      const r = await cli(['simulate', NET, opt, value]);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toBe(true);
      expect(r.err).toBe(`defi-contagion: option '${opt} <n>' argument '${value}' is invalid. ${expected}\n`);
    });

  it('--round-seconds 86400 (one day) runs', async () => {
    const r = await cli(['simulate', NET, '--round-seconds', '86400', '--exposure', 'none']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('round of 86400 s');
  });

  it('--exposure and --rounds name their choices', async () => {
    const e = await cli(['simulate', NET, '--exposure', 'exact']);
    expect(e).toMatchObject({ code: 2, err: "defi-contagion: option '--exposure <method>' argument 'exact' is invalid. Allowed choices are shapley, leaveOneOut, none.\n" });
    const r = await cli(['simulate', NET, '--json', '--rounds', 'some']);
    expect(r).toMatchObject({ code: 2, err: "defi-contagion: option '--rounds <detail>' argument 'some' is invalid. Allowed choices are none, summary, all.\n" });
    const t = await cli(['simulate', NET, '--rounds', 'all']);
    expect(t).toEqual({ code: 2, out: '', err: 'defi-contagion: --rounds shapes the JSON output; add --json\n' });
  });
});

describe('--rounds none|summary|all for JSON', () => {
  const json = async (rounds?: string) => {
    const r = await cli(['simulate', NET, '--shock', 'ETH=-30%', '--exposure', 'none', '--json', ...(rounds ? ['--rounds', rounds] : [])]);
    expect(r.code).toBe(0);
    return { text: r.out, res: JSON.parse(r.out) };
  };

  it('summary is the default: per round its time, prices and liquidation totals by protocol, no trades', async () => {
    const all = (await json('all')).res;
    const def = await json();
    const sum = (await json('summary')).res;
    expect(def.res).toEqual(sum);
    expect(sum.rounds).toHaveLength(all.rounds.length);
    const k = all.rounds.findIndex((r: { liquidations: unknown[] }) => r.liquidations.length > 0);
    expect(k).toBeGreaterThanOrEqual(0);
    const full = all.rounds[k];
    const brief = sum.rounds[k];
    expect(Object.keys(brief).sort()).toEqual(['events', 'external', 'liquidations', 'market', 'paused', 'round', 't']);
    expect(brief.t).toBe(full.t);
    expect(brief.market).toEqual(full.market);
    // the protocol's totals are the sums of its per-pair rows
    for (const row of brief.liquidations) {
      const rows = full.liquidations.filter((l: { protocol: string }) => l.protocol === row.protocol);
      expect(row.liquidations).toBe(rows.reduce((s: number, l: { count: number }) => s + l.count, 0));
      expect(row.seizedUsd).toBeCloseTo(rows.reduce((s: number, l: { seizedUsd: number }) => s + l.seizedUsd, 0), 6);
    }
    expect(def.text.length).toBeLessThan(JSON.stringify(all, null, 2).length / 2);
  });

  it('none leaves the rounds out; the rest of the result is the same', async () => {
    const none = (await json('none')).res;
    const sum = (await json('summary')).res;
    expect(none).not.toHaveProperty('rounds');
    expect(none.totals).toEqual(sum.totals);
    expect(none.roundCount).toBe(sum.roundCount);
  });
});

describe('--scenario file', () => {
  it('runs its shocks; --shock adds another asset; a second move of one asset is an error', async () => {
    const file = tmpFile('s.json', JSON.stringify({ name: 'ETH crash', shocks: { ETH: -0.3 } }));
    const r = await cli(['simulate', NET, '--scenario', file, '--exposure', 'none', '--json', '--rounds', 'none']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).scenario.name).toBe('ETH crash');
    const both = await cli(['simulate', NET, '--scenario', file, '--shock', 'USDC=-1%', '--exposure', 'none', '--json', '--rounds', 'none']);
    expect(JSON.parse(both.out).manifest.scenario.shocks).toEqual({ ETH: -0.3, USDC: -0.01 });
    const twice = await cli(['simulate', NET, '--scenario', file, '--shock', 'ETH=-10%']);
    expect(twice).toEqual({ code: 2, out: '', err: `defi-contagion: --shock moves ETH, which ${file} already moves; give one move per asset\n` });
  });

  it('an invalid scenario exits 1; an unreadable or broken one exits 2', async () => {
    const bad = tmpFile('s.json', JSON.stringify({ shocks: { BTC: -0.3 } }));
    const r = await cli(['simulate', NET, '--scenario', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('defi-contagion: the scenario is invalid: shocks.BTC: unknown asset "BTC"; expected one of "ETH", "USDC"\n');
    // A bad option in the file's own options is the scenario's problem (exit 1), at its path; on the command line it is a usage mistake (2).
    const opt = await cli(['simulate', NET, '--scenario', tmpFile('s.json', JSON.stringify({ shocks: { ETH: -0.3 }, options: { roundSeconds: -5 } }))]);
    expect(opt).toMatchObject({ code: 1, err: 'defi-contagion: the scenario is invalid: options.roundSeconds: option roundSeconds must be a finite number > 0, got -5\n' });
    const unknown = await cli(['simulate', NET, '--scenario', tmpFile('s.json', JSON.stringify({ shocks: { ETH: -0.3 }, options: { roundSecond: 60 } }))]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^defi-contagion: the scenario is invalid: options\.roundSecond: option roundSecond must be one of the known options \(oracle, roundSeconds, /);
    const missing = await cli(['simulate', NET, '--scenario', 'no-such-scenario.json']);
    expect(missing).toEqual({ code: 2, out: '', err: 'defi-contagion: cannot read no-such-scenario.json: no such file\n' });
    const broken = tmpFile('s.json', '{ "shocks": ');
    const b = await cli(['simulate', NET, '--scenario', broken]);
    expect(b.code).toBe(2);
    expect(oneLine(b.err)).toBe(true);
    expect(b.err).toContain('is not valid JSON');
  });
});

describe('money in one format', () => {
  it('inspect and simulate tables show whole dollars from $1,000 up and cents below, never both styles for one size', async () => {
    const texts = [(await cli(['inspect', NET])).out, (await cli(['simulate', NET, '--shock', 'ETH=-30%'])).out];
    for (const t of texts) {
      expect(t).not.toMatch(/\$\d{1,3}(,\d{3})+\.\d/); // no cents on $1,000 and up
      expect(t).not.toMatch(/\$\d+\.(\d|\d{3,})(?!\d)/); // cents, when shown, always two digits
    }
    expect(texts[0]).toMatch(/USDC\s+\$1\.00\s/);
    expect(texts[0]).toMatch(/ETH\s+\$2,000\s/);
  });
});

describe('progress on long work', () => {
  it('simulate draws a bar on stderr when it is a terminal, and nothing otherwise', async () => {
    const quiet = await cli(['simulate', NET, '--shock', 'ETH=-30%', '--exposure', 'shapley'], { errIsTTY: false });
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    const tty = await cli(['simulate', NET, '--shock', 'ETH=-30%', '--exposure', 'shapley'], { errIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.err).toContain('simulate [');
    // 2 players: the main run + the 2² coalitions (v(none) among them, run once) = 5 cascades
    expect(tty.err).toContain('/5');
    expect(tty.out).toBe(quiet.out);
  });

  it('validate and simulate draw a bar per file by loading stage when stderr is a terminal', async () => {
    const r = await cli(['validate', NET], { errIsTTY: true });
    expect(r.code).toBe(0);
    // no CSV side file: two stages, the file read and parsed, then the validation
    expect(r.err).toContain(`validate ${NET} [`);
    expect(r.err).toContain('100% | 2/2');
    const s = await cli(['simulate', NET, '--exposure', 'none'], { errIsTTY: true });
    expect(s.err).toContain(`load ${NET} [`);
    expect((await cli(['validate', NET], { errIsTTY: false })).err).toBe('');
  });
});

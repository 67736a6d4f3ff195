import { availableParallelism } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { parseCriterion, readShard } from '../../src/cli/analysis.js';

const cli = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { errIsTTY: false, env });

const net = 'fixtures/examples/two-lenders-shared-eth.json';
const dir = mkdtempSync(join(tmpdir(), 'defi-contagion-analysis-'));

describe('defi-contagion policies', () => {
  it('prints the comparison; --json gives the library\'s result', async () => {
    const r = await cli(['policies', net, '--shock', 'ETH=-30%', '--policy', 'breaker:20%', '--policy', 'cap:100000', '--plain', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.policies.map((p: { label: string }) => p.label)).toEqual(['breaker:0.2/3600/3600', 'cap:100000']);
    expect(j.policies[0].difference.badDebtUsd).toBeCloseTo(j.policies[0].outcome.badDebtUsd - j.baseline.badDebtUsd, 6);
  });
  it('a bad policy is a usage error (exit 2) naming the text; --help lists the syntax', async () => {
    const r = await cli(['policies', net, '--shock', 'ETH=-30%', '--policy', 'halt:ETH']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/parsePolicy: "halt:ETH": unknown policy kind "halt"/);
    const h = await cli(['policies', '--help']);
    expect(h.out).toMatch(/threshold:P\/M\/A\[#E\]=LT/);
    expect(h.out).toMatch(/depth:VENUExF/);
  });
});

describe('defi-contagion critical and stress', () => {
  it('critical prints the critical fall; bad flags exit 2', async () => {
    const r = await cli(['critical', net, '--asset', 'ETH', '--step', '5%', '--plain']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Critical fall: \d+\.\d+%/);
    expect((await cli(['critical', net, '--plain'])).err).toMatch(/exactly one of --asset or --basket/);
    expect((await cli(['critical', net, '--asset', 'ETH', '--criterion', 'worst'])).code).toBe(2);
  });
  it('stress prints one row per cell', async () => {
    const r = await cli(['stress', net, '--asset', 'ETH', '--moves', '-10%,-30%', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).cells).toHaveLength(2);
  });
  it('parses criteria', () => {
    expect(parseCriterion('badDebt')).toEqual({ kind: 'badDebt', aboveUsd: 0 });
    expect(parseCriterion('insolvent:lender-a')).toEqual({ kind: 'insolvent', protocol: 'lender-a' });
    expect(parseCriterion('loss:1000000:badDebt')).toEqual({ kind: 'loss', aboveUsd: 1e6, measure: 'badDebt' });
  });
});

describe('defi-contagion montecarlo and merge', () => {
  const common = ['--paths', '40', '--seed', '3', '--horizon', '7d', '--plain'];
  it('bounds on --paths, --workers and --seed: one line, exit 2, before any path runs', async () => {
    for (const [flag, value, expected] of [
      ['--paths', '0', 'a whole number of paths from 1 to 10,000,000'],
      ['--paths', '2.5', 'a whole number of paths from 1 to 10,000,000'],
      ['--workers', '0', 'a whole number of worker threads from 1 to 256'],
      ['--seed', '4294967296', 'a whole-number seed from 0 to 4,294,967,295'],
    ] as const) {
      const r = await cli(['montecarlo', net, flag, value]);
      expect(r.err).toMatch(new RegExp(`^defi-contagion: option '${flag} <\\w>' argument '${value.replace('.', '\\.')}' is invalid\\. expected ${expected}\\.\\n$`));
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    }
  });
  it('shards from --shard and from JOB_COMPLETION_INDEX merge into the single run\'s result', async () => {
    const whole = await cli(['montecarlo', net, ...common, '--json']);
    expect(whole.code).toBe(0);
    // Without --workers the paths run on one thread per core.
    expect(JSON.parse(whole.out).manifest.execution.workers).toBe(availableParallelism());
    const a = join(dir, 'part-0.json');
    const b = join(dir, 'part-1.json');
    expect((await cli(['montecarlo', net, ...common, '--shard', '0/2', '--out', a])).out).toMatch(/partial result, seeds \[0, 20\) written to/);
    // A Kubernetes Indexed Job sets JOB_COMPLETION_INDEX; --shards gives the count.
    const k = await cli(['montecarlo', net, ...common, '--shards', '2', '--out', b], { JOB_COMPLETION_INDEX: '1' });
    expect(k.out).toMatch(/seeds \[20, 40\)/);
    expect(JSON.parse(readFileSync(b, 'utf8')).execution.shard).toEqual({ index: 1, count: 2 });
    const merged = await cli(['merge', b, a, '--json']);
    expect(merged.code).toBe(0);
    const strip = (t: string) => JSON.stringify({ ...JSON.parse(t), manifest: { ...JSON.parse(t).manifest, execution: null } });
    expect(strip(merged.out)).toBe(strip(whole.out));
    const text = await cli(['merge', a, b]);
    expect(text.out).toMatch(/40 paths, horizon 7d, seed 3/);
    expect(text.out).toMatch(/VaR \(net insolvent\)/);
  });
  it('refuses what it must: missing index, a missing shard, an unreadable or invalid part', async () => {
    expect((await cli(['montecarlo', net, ...common, '--shards', '2'])).err).toMatch(/--shards needs the shard index from JOB_COMPLETION_INDEX/);
    expect((await cli(['montecarlo', net, ...common, '--shards', '2'], { JOB_COMPLETION_INDEX: '2' })).err).toMatch(/JOB_COMPLETION_INDEX must be an integer in 0..1/);
    const a = join(dir, 'part-0.json');
    const m = await cli(['merge', a]);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/mergeMonteCarlo: seeds \[20, 40\) are missing/);
    expect((await cli(['merge', join(dir, 'none.json')])).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect((await cli(['merge', bad])).err).toMatch(/is not valid JSON/);
    expect(readShard({ shard: '3/4' }, {})).toEqual({ index: 3, count: 4 });
    expect(() => readShard({ shard: '4/4' }, {})).toThrow(/--shard expects i\/n with 0 <= i < n/);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';

const cli = (...argv: string[]) => runCli(argv);

const net = 'fixtures/history/curve-2023.json';
const scenario = 'fixtures/history/curve-2023.scenario.json';

describe('simulate --scenario <file>', () => {
  it('runs the file\u2019s price path and events under its options (hourly rounds)', async () => {
    const r = await cli('simulate', net, '--scenario', scenario);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Curve exploit and CRV sell-off, 30 July – 3 August 2023: settled after 97 rounds of 3600 s');
  });

  it('an option given on the command line wins over the file\u2019s', async () => {
    const r = await cli('simulate', net, '--scenario', scenario, '--round-seconds', '7200');
    expect(r.out).toMatch(/rounds of 7200 s/);
  });

  it('a missing scenario file is a usage problem (exit 2)', async () => {
    const r = await cli('simulate', net, '--scenario', 'no-such-scenario.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^defi-contagion: .*no-such-scenario\.json/);
  });
});

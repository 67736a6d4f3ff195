/**
 * `defi-contagion import defillama <records.json> --into <network.json> …`: DefiLlama liquidation-level adapter output
 * → explicit positions of one market (docs/entities.md), written as a new network file.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { fromDefiLlamaLiquidations } from '../../network/defillama.js';
import { NetworkError } from '../../network/errors.js';
import { readJsonFile } from '../../network/load.js';
import { EXIT, EXIT_CODES_HELP, fail, UsageError } from '../exit.js';
import { networkOrExit } from '../inputs.js';
import { plural, type Io } from '../io.js';
import { boundedNumber } from '../options.js';

interface ImportOptions {
  into: string;
  protocol: string;
  market: string;
  debtAsset: string;
  assetMap?: string;
  emode?: number;
  out: string;
}

async function assetMapOf(file: string | undefined): Promise<Record<string, string> | undefined> {
  if (file === undefined) return undefined;
  const json = await readJsonFile(file, 'import');
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Object.values(json).every((v) => typeof v === 'string'))
    throw new UsageError(`--asset-map ${file}: expected a JSON object of token id → asset id strings, e.g. {"ethereum:0x…": "ETH"}`);
  return json as Record<string, string>;
}

export function registerImport(program: Command, io: Io): void {
  const imp = program.command('import').description('build explicit positions from published position data (source: defillama)');
  imp
    .command('defillama')
    .description("add DefiLlama liquidation-level records ({ owner, liqPrice, collateral: 'ethereum:0x…', collateralAmount }) to a market as positions")
    .argument('<records>', 'JSON array of adapter records')
    .requiredOption('--into <network>', 'the network JSON file to add them to')
    .requiredOption('--protocol <id>', 'the protocol the records come from')
    .requiredOption('--market <id>', 'its market')
    .requiredOption('--debt-asset <id>', 'the asset the positions owe')
    .option('--asset-map <file>', 'JSON object: token id → asset id (before the assets\' addresses)')
    .option('--emode <n>', 'the e-mode category of every position (1 to 255)', boundedNumber({ min: 1, max: 255, integer: true, unit: 'e-mode id' }))
    .requiredOption('--out <file>', 'where to write the new network JSON')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (recordsFile: string, opts: ImportOptions) => {
      const network = await networkOrExit(opts.into, io);
      const records = await readJsonFile(recordsFile, 'import');
      const assetMap = await assetMapOf(opts.assetMap);
      let r: ReturnType<typeof fromDefiLlamaLiquidations>;
      try {
        r = fromDefiLlamaLiquidations(network, records, { protocol: opts.protocol, market: opts.market, debtAsset: opts.debtAsset, ...(assetMap ? { assetMap } : {}), ...(opts.emode === undefined ? {} : { emode: opts.emode }) });
      } catch (e) {
        if (!(e instanceof NetworkError)) throw e;
        if (e.issues.every((i) => i.path.startsWith('options.'))) throw new UsageError(e.issues.map((i) => `--${i.path.slice(8).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('; '));
        for (const i of e.issues) io.err(`  ${recordsFile}: ${i.path}: ${i.message}\n`);
        fail(io, `${recordsFile}: ${plural(e.issues.length, 'bad record field')}; nothing imported`, EXIT.invalid);
      }
      await writeFile(opts.out, `${JSON.stringify(r.network, null, 2)}\n`).catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot write --out ${opts.out}: ${e.code ?? e.message}`);
      });
      io.out(`${opts.out}: ${plural(r.positions.length, 'position')} from ${plural(Array.isArray(records) ? records.length : 0, 'record')} added to ${opts.protocol}/${opts.market}\n`);
      for (const a of r.assumptions) io.out(`  assumed: ${a}\n`);
    });
}

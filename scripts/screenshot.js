// @ts-check
/**
 * `npm run screenshot`: copies the screenshot the browser test wrote (.artifacts/report.png, the first screen of the
 * HTML report of the real fixture in chromium) into docs/, where the README shows it. Run the browser test first
 * (`npx vitest run test/report/browser.test.ts`, or `npm test`).
 */
import { copyFileSync, existsSync } from 'node:fs';

const from = '.artifacts/report.png';
const to = 'docs/report.png';
if (!existsSync(from)) {
  process.stderr.write(`screenshot: ${from} is missing; run \`npx vitest run test/report/browser.test.ts\` first (it needs chromium)\n`);
  process.exit(2);
}
copyFileSync(from, to);
process.stdout.write(`screenshot: ${from} → ${to}\n`);

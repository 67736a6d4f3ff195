// @ts-check
// Writes docs/network.schema.json from the zod schemas (run after `npm run build`). A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { networkJsonSchemaText } from '../dist/network/json-schema.js';

writeFileSync(new URL('../docs/network.schema.json', import.meta.url), networkJsonSchemaText());
console.log('wrote docs/network.schema.json');

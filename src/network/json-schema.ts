/** The JSON Schema of the network format, generated from the zod schemas (the one definition of the format). */
import { z } from 'zod';
import { Network, SCHEMA_VERSION } from './schema/network.js';

export function networkJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Network, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: `https://github.com/defi-contagion/defi-contagion/docs/network.schema.json#v${SCHEMA_VERSION}`,
    title: 'defi-contagion network',
    description: 'One snapshot of a set of DeFi protocols, assets and liquidity venues (docs/network-format.md). Cross-field rules (references, ranges between fields, pegOf cycles, routes, sources paths) are checked by parseNetwork, not by this schema.',
    ...schema,
  };
}

/** The file's text, as `npm run schema` writes it. */
export function networkJsonSchemaText(): string {
  return JSON.stringify(networkJsonSchema(), null, 2) + '\n';
}

/**
 * `loadNetwork` in a browser bundle (package.json `browser` map replaces load.js with this file): there is no file
 * system to read, so it refuses with the way out — fetch the JSON and call `parseNetwork(json)`.
 */
import { NetworkError } from './errors.js';
import type { Network } from './schema/network.js';

const refuse = (fn: string, path: string): never => {
  throw new NetworkError([{ path: '', message: `${fn}(${JSON.stringify(path)}) reads files, which a browser cannot; fetch the JSON and call parseNetwork(json)` }], fn, 'unreadable');
};

export async function readJsonFile(path: string, context = 'loadNetwork'): Promise<unknown> {
  return refuse(context === 'loadNetwork' ? 'readJsonFile' : context, path);
}

export async function loadNetwork(path: string, _options: { onProgress?: (done: number, total: number) => void } = {}): Promise<Network> {
  return refuse('loadNetwork', path);
}

// The stub keeps the Node loader's signatures (a type-only import: nothing of load.js enters a bundle).
type NodeLoader = typeof import('./load.js');
const sameSignatures: Pick<NodeLoader, 'loadNetwork' | 'readJsonFile'> = { loadNetwork, readJsonFile };
void sameSignatures;

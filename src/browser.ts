/**
 * The package's browser entry (`defi-contagion/browser`, and the `browser` condition of the root): everything the
 * root exports, for a page or a notebook that runs a cascade live. The model imports no Node built-in; mathjs, which
 * Node loads lazily through process.getBuiltinModule, is bundled here and handed over. `loadNetwork` reads files and
 * is Node's: in a bundle (package.json `browser` map) it throws, and a page calls `parseNetwork(json)` instead.
 */
import * as mathjs from 'mathjs';
import { provideMathJs } from './util/mathjs.js';

provideMathJs(mathjs);

export * from './index.js';

/**
 * mathjs, loaded on first use: it takes about a second to load, and only correlation matrices need it (their
 * eigenvalues; the holdings clearing solves its systems on sparse rows). In Node it is required lazily through process.getBuiltinModule (no
 * module imports node:module, so a browser bundle has no Node built-in); the browser entry imports it up front and
 * hands it over with `provideMathJs`.
 */
type MathJs = typeof import('mathjs');

interface NodeModule {
  createRequire(from: string): (id: string) => unknown;
}

let mathjs: MathJs | undefined;

/** Sets the mathjs instance to use (the browser entry calls it once with its bundled mathjs). */
export function provideMathJs(instance: MathJs): void {
  mathjs = instance;
}

export function loadMathJs(): MathJs {
  if (mathjs) return mathjs;
  const nodeModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as NodeModule | undefined;
  if (!nodeModule) throw new Error('loadMathJs: mathjs was not provided; outside Node, import the package\'s browser entry (defi-contagion/browser), which provides it');
  return (mathjs = nodeModule.createRequire(import.meta.url)('mathjs') as MathJs);
}

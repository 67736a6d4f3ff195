/**
 * `"__proto__"` keys (issue #19). JSON.parse keeps `"__proto__": -5` as an own property, but a schema's output
 * object drops it (assigning `__proto__` sets the prototype), so the key would vanish silently. Found on the raw
 * document, it is put back as an own property of the output's asset maps — where the validators refuse it with the
 * message of any unknown asset — and is refused by path everywhere else.
 */
import type { NetworkIssue } from './errors.js';
import { formatPath, valueAt, type PathSegment } from './path.js';

const PROTO = '__proto__';
/** A position's maps: their keys are checked against the market's assets by validatePositions. */
const POSITION_MAPS = new Set(['collateral', 'debt']);
/** Every map keyed by asset id. */
const ASSET_MAPS = new Set([...POSITION_MAPS, 'oracles']);

/** Paths of the objects that hold an own `__proto__` key, in document order. */
export function protoKeyHolders(json: unknown): PathSegment[][] {
  const out: PathSegment[][] = [];
  const path: PathSegment[] = []; // one stack for the walk: a 640k-position document allocates no path per node
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
      return;
    }
    if (Object.prototype.hasOwnProperty.call(v, PROTO)) out.push(path.slice());
    for (const k in v) {
      path.push(k);
      walk((v as Record<string, unknown>)[k]);
      path.pop();
    }
  };
  walk(json);
  return out;
}

/**
 * Puts each `__proto__` key of a position's collateral or debt back into `output` (validatePositions then refuses it
 * as an unknown asset of the market, with that message); returns an issue for every other one. A strict object's
 * schema already reports the key: the caller keeps one issue per path.
 */
export function restoreProtoKeys(json: unknown, output: unknown, holders: PathSegment[][]): NetworkIssue[] {
  const issues: NetworkIssue[] = [];
  for (const path of holders) {
    const target = output === undefined ? undefined : valueAt(output, path);
    const value = (valueAt(json, path) as Record<string, unknown>)[PROTO];
    if (POSITION_MAPS.has(String(path.at(-1))) && target !== null && typeof target === 'object') {
      Object.defineProperty(target, PROTO, { value, enumerable: true, configurable: true, writable: true });
    } else {
      issues.push({ path: formatPath([...path, PROTO]), message: ASSET_MAPS.has(String(path.at(-1))) ? `unknown asset "${PROTO}"; expected an asset id of this market` : `unexpected key "${PROTO}"; expected a field of this object or an id` });
    }
  }
  return issues;
}

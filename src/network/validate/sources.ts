/**
 * `sources` keys are paths by id (DESIGN §10 Sources): `protocols[aave-v3-core].markets[core].collaterals[*].liquidationBonus`.
 * Array elements are addressed by `id`, else by `asset`, else by index; `*` matches every element.
 * A key that matches nothing is an error.
 */
import type { Network } from '../schema/network.js';
import type { IssueList } from './issue-list.js';

interface Step {
  key?: string;
  selectors: string[];
}

/** Parses `a[b].c[*].d` into steps; brackets are read first, so ids may contain dots. */
export function parseSourcePath(path: string): Step[] | string {
  const steps: Step[] = [];
  let i = 0;
  let expectName = true;
  while (i < path.length) {
    const step: Step = { selectors: [] };
    if (expectName) {
      let name = '';
      while (i < path.length && path[i] !== '.' && path[i] !== '[') name += path[i++];
      if (!name) return `expected a field name at character ${i + 1}`;
      step.key = name;
    }
    while (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return `unclosed "[" at character ${i + 1}`;
      const sel = path.slice(i + 1, end);
      if (!sel) return `empty "[]" at character ${i + 1}`;
      step.selectors.push(sel);
      i = end + 1;
    }
    steps.push(step);
    if (i < path.length) {
      if (path[i] !== '.') return `expected "." or "[" at character ${i + 1}, got "${path[i]}"`;
      i++;
      if (i === path.length) return 'the path ends with "."';
    }
    expectName = true;
  }
  return steps;
}

function select(nodes: unknown[], sel: string): unknown[] {
  const out: unknown[] = [];
  for (const n of nodes) {
    if (Array.isArray(n)) {
      if (sel === '*') {
        out.push(...n);
        continue;
      }
      const withId = n.filter((e) => e && typeof e === 'object' && 'id' in e);
      const withAsset = n.filter((e) => e && typeof e === 'object' && 'asset' in e);
      if (withId.length) out.push(...withId.filter((e) => String((e as { id: unknown }).id) === sel));
      else if (withAsset.length) out.push(...withAsset.filter((e) => (e as { asset: unknown }).asset === sel));
      else if (/^\d+$/.test(sel) && Number(sel) < n.length) out.push(n[Number(sel)]);
    } else if (n && typeof n === 'object') {
      if (sel === '*') out.push(...Object.values(n));
      else if (sel in n) out.push((n as Record<string, unknown>)[sel]);
    }
  }
  return out;
}

/** How many places of the network a sources key addresses, or the reason it cannot be read. */
export function matchSourcePath(net: unknown, path: string): { count: number; failedAt?: string } | string {
  const steps = parseSourcePath(path);
  if (typeof steps === 'string') return steps;
  let nodes: unknown[] = [net];
  let walked = '';
  for (const s of steps) {
    if (s.key !== undefined) {
      nodes = select(nodes.filter((n) => n && typeof n === 'object' && !Array.isArray(n)), s.key);
      walked += (walked ? '.' : '') + s.key;
      if (!nodes.length) return { count: 0, failedAt: walked };
    }
    for (const sel of s.selectors) {
      nodes = select(nodes, sel);
      walked += `[${sel}]`;
      if (!nodes.length) return { count: 0, failedAt: walked };
    }
  }
  return { count: nodes.length };
}

export function validateSources(net: Network, out: IssueList): void {
  for (const key of Object.keys(net.sources)) {
    const m = matchSourcePath(net, key);
    if (typeof m === 'string') out.add(['sources', key], `cannot read the path: ${m}; expected a path such as protocols[<id>].markets[<id>].collaterals[<asset>].liquidationThreshold`);
    else if (m.count === 0) out.add(['sources', key], `the path matches nothing in this network (no "${m.failedAt}"); expected a key that addresses a field`);
  }
}

/** Turns zod's issues into `{ path, message }` lines that say what was expected and what was found. */
import type { z } from 'zod';
import type { NetworkIssue } from './errors.js';
import { describeValue, formatPath, valueAt, type PathSegment } from './path.js';

type ZodIssue = z.core.$ZodIssue;

const ARTICLE: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  int: 'an integer',
};

function got(root: unknown, path: readonly PathSegment[]): string {
  return `got ${describeValue(valueAt(root, path))}`;
}

function ownMessage(issue: ZodIssue): boolean {
  return issue.message.startsWith('expected');
}

function sizeMessage(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>, root: unknown, path: readonly PathSegment[]): string {
  if (ownMessage(issue)) return `${issue.message}, ${got(root, path)}`;
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const v = valueAt(root, path);
  if (issue.origin === 'array') {
    const n = Array.isArray(v) ? v.length : 0;
    const which = issue.code === 'too_small' ? 'at least' : 'at most';
    return `expected ${which} ${String(bound)} item${bound === 1 ? '' : 's'}, got ${n}`;
  }
  const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `expected a value ${op} ${String(bound)}, ${got(root, path)}`;
}

/** The branch of a failed union that got furthest into the input. */
function bestBranch(errors: ZodIssue[][]): ZodIssue[] | undefined {
  let best: ZodIssue[] | undefined;
  let depth = 0;
  for (const branch of errors) {
    const d = Math.max(0, ...branch.map((i) => i.path.length));
    if (d > depth) {
      depth = d;
      best = branch;
    }
  }
  return best;
}

export function fromZodIssues(issues: readonly ZodIssue[], root: unknown, base: readonly PathSegment[] = []): NetworkIssue[] {
  const out: NetworkIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    const at = formatPath(path);
    switch (issue.code) {
      case 'invalid_type': {
        const v = valueAt(root, path);
        const expected = ARTICLE[issue.expected] ?? issue.expected;
        out.push({ path: at, message: v === undefined ? `missing field: expected ${expected}` : `expected ${expected}, ${got(root, path)}` });
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({ path: at, message: sizeMessage(issue, root, path) });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({ path: formatPath([...path, key]), message: `unknown field "${key}" (not part of the format; a typo?), got ${describeValue(valueAt(root, [...path, key]))}` });
        }
        break;
      case 'invalid_union': {
        const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
        const options = (issue as { options?: unknown[] }).options;
        if (disc !== undefined && options) {
          out.push({ path: at, message: `expected ${disc} to be one of ${options.map((o) => `"${String(o)}"`).join(', ')}, ${got(root, path)}` });
          break;
        }
        const branch = bestBranch(issue.errors as ZodIssue[][]);
        if (branch) out.push(...fromZodIssues(branch, root, path));
        else {
          const kinds = (issue.errors as ZodIssue[][]).flatMap((b) => b.filter((i) => i.code === 'invalid_type').map((i) => ARTICLE[(i as { expected: string }).expected] ?? (i as { expected: string }).expected));
          out.push({ path: at, message: `expected ${kinds.length ? kinds.join(' or ') : 'another form'}, ${got(root, path)}` });
        }
        break;
      }
      case 'invalid_value':
        out.push({
          path: at,
          message: ownMessage(issue) ? `${issue.message}, ${got(root, path)}` : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got(root, path)}`,
        });
        break;
      case 'invalid_format':
        out.push({ path: at, message: ownMessage(issue) ? `${issue.message}, ${got(root, path)}` : `expected a ${issue.format}, ${got(root, path)}` });
        break;
      case 'invalid_key':
        out.push({ path: at, message: `invalid key: ${issue.issues.map((i) => i.message).join('; ')}` });
        break;
      case 'invalid_element':
        out.push(...fromZodIssues(issue.issues, root, path));
        break;
      default:
        out.push({ path: at, message: ownMessage(issue) ? `${issue.message}, ${got(root, path)}` : issue.message });
    }
  }
  return out;
}

/** Collects cross-field problems with their JSON paths. */
import type { NetworkIssue } from '../errors.js';
import { describeValue, formatPath, type PathSegment } from '../path.js';

export class IssueList {
  readonly issues: NetworkIssue[] = [];

  add(path: readonly PathSegment[], message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }

  /** `expected …, got <value>`. */
  expect(path: readonly PathSegment[], expected: string, value: unknown): void {
    this.add(path, `expected ${expected}, got ${describeValue(value)}`);
  }

  /** A reference that does not resolve. */
  unknown(path: readonly PathSegment[], what: string, value: string, known: Iterable<string>): void {
    const list = [...known];
    const shown = list.slice(0, 12).map((k) => `"${k}"`).join(', ');
    const more = list.length > 12 ? `, … (${list.length} in all)` : '';
    this.add(path, `unknown ${what} "${value}"; expected one of ${list.length ? shown + more : '(none declared)'}`);
  }

  /** Reports every id that occurs more than once. */
  unique(items: readonly { id: string | number }[], base: readonly PathSegment[], what: string): void {
    const seen = new Map<string | number, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined) this.add([...base, i, 'id'], `duplicate ${what} id "${item.id}" (first used at index ${first}); expected ids to be unique`);
      else seen.set(item.id, i);
    });
  }
}

/**
 * What `npm pack` ships (issue #18 part 4): the LICENSE package.json names, source maps only beside the sources they
 * point to, and every file the `exports` map names.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string; exports: Record<string, Record<string, string> | string>; browser: Record<string, string> };
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[];
const files = new Set(packed[0]!.files.map((f) => f.path));

describe('the package', () => {
  it('ships an MIT LICENSE, as package.json says', () => {
    expect(pkg.license).toBe('MIT');
    expect(files.has('LICENSE')).toBe(true);
    const text = readFileSync('LICENSE', 'utf8');
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) 2026 defi-contagion contributors\n/);
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('ships every source a source map points to', () => {
    const maps = [...files].filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const m of maps) {
      const map = JSON.parse(readFileSync(m, 'utf8')) as { sources: string[] };
      for (const s of map.sources) {
        const target = normalize(join(dirname(m), s));
        if (!files.has(target)) missing.push(`${m} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships every file the exports and browser maps name', () => {
    const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)));
    for (const t of [...targets, ...Object.values(pkg.browser)]) {
      const path = normalize(t);
      expect(existsSync(path), path).toBe(true);
      expect(files.has(path), path).toBe(true);
    }
  });
});

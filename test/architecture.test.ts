/**
 * The layers of docs/architecture.md: a module imports only its own layer and the layers below it
 * (util < network < market < protocols < cascade < analysis < report < cli), and `index.ts` files only re-export.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENUE_KINDS } from '../src/market/kinds.js';

const LAYERS = ['util', 'network', 'market', 'protocols', 'cascade', 'analysis', 'report', 'cli'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a path under src/ belongs to (src/index.ts and src/browser.ts are the package root: above all). */
function layerOf(path: string): number {
  const top = relative('src', path).split(/[\\/]/)[0];
  const i = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  return i < 0 ? LAYERS.length : i;
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => join(file, '..', m[1]!));
}

describe('the layers (docs/architecture.md)', () => {
  it('a lower layer never imports a higher one', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      for (const target of relativeImports(file)) {
        if (layerOf(target) > layerOf(file)) offenders.push(`${file} → ${relative('.', target)}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('finds a breach when there is one (the check itself can fail)', () => {
    expect(layerOf('src/market/venue.ts')).toBeLessThan(layerOf('src/cascade/run.ts'));
    expect(layerOf('src/index.ts')).toBe(LAYERS.length);
  });

  it('index.ts files only re-export', () => {
    const offenders = sourceFiles('src')
      .filter((f) => basename(f) === 'index.ts')
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line && !line.startsWith('//') && !/^export\s/.test(line) && !/^[}\w,\s]*[},]\s*(from\s+['"].+['"];?)?$/.test(line))
          .map((line) => `${f}: ${line}`),
      );
    expect(offenders).toEqual([]);
  });
});

describe('the venue-kind registry (docs/architecture.md, issue #14)', () => {
  /** Where a kind may be named: its market file(s), its schema file, and the two registries. */
  const owns = (file: string, kind: string) => {
    const stem = kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const name = basename(file, '.ts');
    return name === stem || name.startsWith(`${stem}-`) || /[\\/](market|network[\\/]schema[\\/]venue)[\\/]kinds\.ts$/.test(file);
  };
  const offenders = (kinds: string[]) =>
    sourceFiles('src').flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return kinds.filter((k) => text.includes(`'${k}'`) && !owns(file, k)).map((k) => `${file}: '${k}'`);
    });

  it('names a venue kind only in its own files and the registries', () => {
    const kinds = Object.keys(VENUE_KINDS);
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    expect(offenders(kinds)).toEqual([]);
  });

  it('finds a kind named elsewhere (the check itself can fail)', () => {
    expect(owns('src/market/order-book-state.ts', 'orderBook')).toBe(true);
    expect(owns('src/market/routing.ts', 'orderBook')).toBe(false);
    expect(offenders(['kind'])).not.toEqual([]);
  });
});


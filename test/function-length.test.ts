/**
 * The code stays readable (issue #14 item 2; docs/architecture.md "The round"): no function in src/ is
 * longer than 80 lines — measured with the TypeScript compiler from a function's first line to its last, nested
 * functions included in the function that holds them — and no module of src/cascade keeps a mutable binding at module
 * scope (a `let` or `var`: a switch such as the former `setBatchPath`, or state one run leaves for the next).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** Every function with a body (declarations, methods, arrows, accessors) longer than `max` lines, as `file:line name (n lines)`. */
function longFunctions(sf: ts.SourceFile, max: number): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      const name = (node as ts.FunctionLikeDeclaration).name?.getText(sf) ?? '(anonymous)';
      if (lines > max) out.push(`${sf.fileName}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Module-scope `let` / `var` declarations, as `file: name`. */
function moduleMutables(sf: ts.SourceFile): string[] {
  return sf.statements.flatMap((st) => {
    if (!ts.isVariableStatement(st) || (st.declarationList.flags & ts.NodeFlags.Const) !== 0) return [];
    return st.declarationList.declarations.map((d) => `${sf.fileName}: ${d.name.getText(sf)}`);
  });
}

describe('src reads in one sitting', () => {
  it(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(200);
    expect(files.flatMap((f) => longFunctions(parse(f), MAX_LINES))).toEqual([]);
  });

  it('no module of src/cascade keeps a mutable binding at module scope', () => {
    const files = sourceFiles('src/cascade');
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => moduleMutables(parse(f)))).toEqual([]);
  });

  it('the checks find what they look for (they can fail)', () => {
    const body = Array.from({ length: 79 }, (_, i) => `  x += ${i};`).join('\n');
    const long = parse('long.ts', `export function f(): number {\n  let x = 0;\n${body}\n  return x;\n}\nconst g = () => {\n  return 1;\n};\n`);
    expect(longFunctions(long, MAX_LINES)).toEqual(['long.ts:1 f (83 lines)']);
    expect(longFunctions(long, 83)).toEqual([]);
    const nested = parse('nested.ts', `class C {\n  m(): void {\n${body}\n  }\n}\n`);
    expect(longFunctions(nested, MAX_LINES)).toEqual(['nested.ts:2 m (81 lines)']);
    const switches = parse('switch.ts', 'let batchPath = true;\nexport var other = 1;\nconst fixed = { grown: 1 };\nfunction f() {\n  let local = 0;\n  return local;\n}\n');
    expect(moduleMutables(switches)).toEqual(['switch.ts: batchPath', 'switch.ts: other']);
  });
});

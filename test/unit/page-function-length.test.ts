// Page modules had grown into single functions of several hundred lines (one route registrar was 734 lines), where
// a view, its form and its route could only be read together. This keeps every function in the page code short
// enough to read at once: a longer one is a view or a route that wants splitting (docs/architecture.md, "Pages").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/http/pages');
export const MAX_BODY_LINES = 150;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

interface FunctionLength {
  where: string;
  name: string;
  lines: number;
}

const nameOf = (node: ts.Node): string => {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
};

export function functionLengths(file: string): FunctionLength[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) {
      const body = node.body;
      if (body) {
        const first = source.getLineAndCharacterOfPosition(body.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(body.getEnd()).line;
        out.push({ where: `${relative(PAGES, file)}:${first + 1}`, name: nameOf(node), lines: last - first + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('page code', () => {
  const all = files(PAGES).flatMap(functionLengths);

  it('finds the page functions (so that the check below can fail)', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it(`has no function, arrow function or method whose body is over ${MAX_BODY_LINES} lines`, () => {
    const long = all.filter((f) => f.lines > MAX_BODY_LINES).map((f) => `${f.where} ${f.name}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});

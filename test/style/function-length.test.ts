// The core must read as simply as it runs: no function in src/core/ longer than 60 lines
// (declarations, methods, arrow functions and function expressions, counted from their first to
// their last line with the TypeScript parser, comments inside included).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';

const MAX_LINES = 60;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every function-like node of a file with its length in lines. */
function functionLengths(file: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionDeclaration).name?.getText(source) ?? `<anonymous>`;
      found.push({ name: `${relative(ROOT, file)}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('src/core shape', () => {
  const functions = sourceFiles(join(ROOT, 'src/core')).flatMap(functionLengths);

  it('has functions to measure (the walk found the sources)', () => {
    expect(functions.length).toBeGreaterThan(50);
  });

  it(`has no function longer than ${MAX_LINES} lines`, () => {
    expect(functions.filter((f) => f.lines > MAX_LINES)).toEqual([]);
  });
});

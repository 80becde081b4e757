/**
 * Function length: no function in domain/ or workflows/ longer than MAX_FUNCTION_LINES lines, so
 * each step of the core reads on one screen. Declarations, arrows, function expressions, methods,
 * accessors and constructors all count, from their first line to their last (nested functions
 * count inside their parent too). The frozen v1 code (workflows/v1) is measured but not held to it:
 * it only replays old histories and is never edited.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './import-graph';

export const MAX_FUNCTION_LINES = 60;
const MEASURED = /^(domain|workflows)\//;
const FROZEN = /^workflows\/v1\//;

export interface FunctionLength {
  file: string;
  line: number;
  name: string;
  lines: number;
}

/** Every function with a body in the measured folders, longest first. */
export function functionLengths(root: string, files: string[] = sourceFiles(root)): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const file of files) {
    if (!MEASURED.test(file) || FROZEN.test(file)) continue;
    const src = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const lineOf = (pos: number) => src.getLineAndCharacterOfPosition(pos).line;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && hasBody(node)) {
        const first = lineOf(node.getStart(src));
        out.push({ file, line: first + 1, name: nameOf(node, src), lines: lineOf(node.getEnd()) - first + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return out.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

function hasBody(node: ts.SignatureDeclaration): boolean {
  return (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && node.body !== undefined;
}

/** The function's own name, or the name it is bound to (`const f = () => …`, `{ f: () => … }`). */
function nameOf(node: ts.SignatureDeclaration, src: ts.SourceFile): string {
  if (node.name) return node.name.getText(src);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText(src);
  return '(anonymous)';
}

export function functionLengthProblems(root: string, max = MAX_FUNCTION_LINES): string[] {
  return functionLengths(root)
    .filter((f) => f.lines > max)
    .map((f) => `${f.file}:${f.line}: function ${f.name} is ${f.lines} lines long (at most ${max} in domain/ and workflows/)`);
}

/**
 * `npm run check`: flows route by data, so TypeScript never names a step. A step id written in
 * code is a route the YAML cannot show (a result sent to `consent` by hand, a test of where
 * the person is), and it breaks silently when the step is renamed.
 *
 * The rule, on the syntax tree of every file under src/: a string literal equal to a step id
 * of any flow is reported when it is
 *  - an argument of a call to `go`, `enter` or `follow` (the kernel's moves);
 *  - compared (===, !==) with a `.step` or a step's `.id`;
 *  - the value of a property named `step`.
 * Other literals that happen to equal a step id (an op called `review`, a message key part)
 * are left alone: only a literal in the place of a step is one.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Every .ts file under `dir`, named relative to `root`. */
export async function readSourceFiles(dir: string, root: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await readSourceFiles(path, root)));
    else if (entry.name.endsWith('.ts')) out.push({ file: relative(root, path), text: await readFile(path, 'utf8') });
  }
  return out;
}

export interface StepNameInCode {
  file: string;
  line: number;
  stepId: string;
  message: string;
}

const MOVES = new Set(['go', 'enter', 'follow']);

function literalText(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/** `x.step`, `step.id`, `s.step` — an expression that holds a step's id. */
function namesAStep(node: ts.Node): boolean {
  if (!ts.isPropertyAccessExpression(node)) return false;
  const name = node.name.text;
  if (name === 'step') return true;
  if (name !== 'id') return false;
  const owner = node.expression;
  const ownerName = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : '';
  return /step/i.test(ownerName);
}

export function findStepNamesInCode(files: ReadonlyArray<{ file: string; text: string }>, stepIds: ReadonlySet<string>): StepNameInCode[] {
  const found: StepNameInCode[] = [];
  for (const { file, text } of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const report = (node: ts.Node, id: string, where: string) => {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ file, line, stepId: id, message: `step id "${id}" named in code (${where}): route it in the flow's YAML (next, fail, a branch, a role)` });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (MOVES.has(name)) {
          for (const arg of node.arguments) {
            const id = literalText(arg);
            if (id !== undefined && stepIds.has(id)) report(arg, id, `${name}()`);
          }
        }
      } else if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken.kind;
        if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
          for (const [a, b] of [
            [node.left, node.right],
            [node.right, node.left],
          ] as const) {
            const id = literalText(a);
            if (id !== undefined && stepIds.has(id) && namesAStep(b)) report(a, id, 'compared with a step');
          }
        }
      } else if (ts.isPropertyAssignment(node)) {
        const key = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : '';
        const id = literalText(node.initializer);
        if (key === 'step' && id !== undefined && stepIds.has(id)) report(node.initializer, id, 'a step: property');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * Routes are data: `npm run check` reports a step that no edge reaches and a step id named in
 * the code (scripts/check.ts). Each check fails on a fixture made for it, and passes on the
 * project's own flows and source.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStepNamesInCode, readSourceFiles } from '../../scripts/lib/step-names-in-code.ts';
import { readContent } from '../../src/content/read-content.ts';
import { checkFlowReferences, parseFlow } from '../../src/engine/flow-schema.ts';
import { PROJECT_ROOT } from '../../src/runtime/node-deps.ts';

const everything = { hasMessage: () => true, hasScene: () => true, flowIds: new Set(['x']) };

describe('a step that nothing follows', () => {
  it('is reported with its path, and a result edge counts as a way in', () => {
    const { flow, errors } = parseFlow('x.yaml', {
      id: 'x',
      version: 1,
      personal: true,
      start: 'load',
      steps: [
        { id: 'load', type: 'do', request: 'acp-load', next: 'done', fail: 'failed' },
        { id: 'done', type: 'end' },
        { id: 'failed', type: 'end' },
        { id: 'orphan', type: 'say', say: 'a.b', next: 'done' },
      ],
    });
    expect(errors).toEqual([]);
    const found = checkFlowReferences('x.yaml', flow!, everything);
    expect(found).toEqual([{ file: 'x.yaml', path: 'steps › 3 › id', message: 'no step leads to "orphan": nothing follows it from start "load"' }]);
  });

  it('is not reported for the project flows', async () => {
    const { errors } = await readContent(PROJECT_ROOT);
    expect(errors.filter((e) => e.message.startsWith('no step leads to'))).toEqual([]);
  });

  it('a role belongs to a question of the note', () => {
    const { flow } = parseFlow('x.yaml', {
      id: 'x',
      version: 1,
      start: 'a',
      steps: [{ id: 'a', type: 'choose', say: 'a.b', role: 'writer', options: [{ value: 'v', label: 'a.c' }], next: 'end' }],
    });
    expect(checkFlowReferences('x.yaml', flow!, everything).map((e) => e.message)).toEqual(['a role is for a question of the note: it needs an item']);
  });
});

describe('a step id named in code', () => {
  const ids = new Set(['consent', 'redeem', 'review']);
  const source = [
    "go(ctx, out, 'consent');",
    'if (out.state.step === `redeem`) return;',
    "if ('consent' !== step.id) return;",
    "const position = { step: 'consent', trail: [] };",
    // Literals that only share a step's name are not routes.
    "noteAction(ctx, out, 'review');",
    "const op = { type: 'acp', op: 'review' };",
    "if (action.op === 'review') return;",
  ].join('\n');

  it('is reported where it moves to, is compared with or stands for a step', () => {
    const found = findStepNamesInCode([{ file: 'src/x.ts', text: source }], ids);
    expect(found.map((f) => [f.line, f.stepId])).toEqual([
      [1, 'consent'],
      [2, 'redeem'],
      [3, 'consent'],
      [4, 'consent'],
    ]);
    expect(found[0]!.message).toMatch(/step id "consent" named in code \(go\(\)\)/);
  });

  it('is not found in the project source', async () => {
    const { bundle } = await readContent(PROJECT_ROOT);
    const stepIds = new Set(Object.values(bundle!.flows).flatMap((f) => Object.keys(f.steps)));
    const files = await readSourceFiles(join(PROJECT_ROOT, 'src'), PROJECT_ROOT);
    expect(files.length).toBeGreaterThan(20);
    expect(findStepNamesInCode(files, stepIds)).toEqual([]);
  });
});

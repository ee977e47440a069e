/**
 * Flows are data (flows/*.yaml): a flat list of steps linked by ids. This module holds
 * the zod schema and the compiler that checks every cross-reference, so a bad flow is
 * reported by `npm run check` with its file and path instead of failing in a chat.
 */
import { z } from 'zod';
import { REQUESTS } from './types.ts';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const messageKey = z.string().regex(/^[a-z][a-zA-Z0-9_.-]*$/, 'a message key such as menu.prompt');

/**
 * Where a step continues: a step id in the same flow, `flow:<id>` to start another flow,
 * `command:<name>` to run a global command (menu, person, language, help), or `end`.
 */
const target = z
  .string()
  .regex(/^(end|flow:[a-z][a-z0-9-]*|command:(menu|person|language|help)|[a-z][a-z0-9-]*)$/, 'a step id, flow:<id>, command:<name> or end');

/** Facts about the person writing that a branch may test (read by the shell before each turn). */
const FACTS = ['role', 'verified'] as const;

const show = z.discriminatedUnion('show', [
  /** The center's card; `urgent` puts 119 and the 24-hour advice line first (a sudden illness). */
  z.object({ show: z.literal('contact'), urgent: z.boolean().optional() }),
  z.object({ show: z.literal('emergency') }),
  z.object({ show: z.literal('scene'), scene: id }),
  z.object({ show: z.literal('scenes') }),
  /** A few articles as one list under a title (`scene.<title>`), e.g. the topics for professionals. */
  z.object({ show: z.literal('topics'), title: id, ids: z.array(id).min(1).max(12) }),
  /** Event cards from a request's result saved under `from` (list-events, my-registrations). */
  z.object({ show: z.literal('events'), from: id }),
  /** The ACP note's whole summary (features/acp-note/engine/note.ts). */
  z.object({ show: z.literal('acp-summary') }),
  /** The ACP note's hub: what the person can do with a note they have (features/acp-note/engine/note.ts). */
  z.object({ show: z.literal('acp-hub') }),
  /** The directory's places from a search saved under `from` (features/directory/engine/feature.ts). */
  z.object({ show: z.literal('directory'), from: id }),
]);
const messageRef = z.union([messageKey, show]);

const option = z.object({ value: id, label: messageKey, next: target.optional() }).strict();

const base = { id };

/**
 * ACP note questions (features/acp-note/engine/note.ts): `item` is the stable item id answers are stored
 * under, `section` groups them for the summaries. The engine adds 「わからない」 and
 * 「今は答えたくない」 (unless `extras: false`), and 「医師と相談したい」 when `medical`.
 * `role` marks the questions about the note itself, which the engine treats apart:
 * `consent` (the introduction: declining stores nothing), `writer` (who writes; where the note
 * starts again), `reminder` (the last question: answering it completes the note). None of
 * them is in the summary. `checklist: ending` marks the ending-note checklist's items (only
 * yes / not yet / where the paper is kept is stored).
 */
const acpItem = {
  item: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'an item id such as tube_feeding')
    .optional(),
  section: id.optional(),
  extras: z.boolean().optional(),
  role: z.enum(['consent', 'writer', 'reminder']).optional(),
  checklist: z.literal('ending').optional(),
};
const stepSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('say'), say: z.union([messageRef, z.array(messageRef).min(1)]), next: target }).strict(),
  z
    .object({
      ...base,
      type: z.literal('ask'),
      say: messageKey,
      save: id,
      input: z.enum(['text', 'number', 'date', 'phone', 'month-day']).default('text'),
      max: z.number().int().positive().max(2000).default(400),
      /** Dates: only a day after today (JST) is accepted. */
      future: z.boolean().optional(),
      /** Date questions: LINE's date picker asks for a day (default) or a day and a time. */
      picker: z.enum(['date', 'datetime']).optional(),
      /** Numbers: the smallest accepted value. */
      min: z.number().int().optional(),
      invalid: messageKey.optional(),
      next: target,
      ...acpItem,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('choose'),
      say: messageKey,
      save: id.optional(),
      options: z.array(option).min(1).max(11),
      multi: z.object({ max: z.number().int().positive(), done: messageKey }).strict().optional(),
      /** What typed text does here: re-ask, or leave the flow and treat it as a question. */
      onText: z.enum(['reprompt', 'leave']).default('reprompt'),
      next: target.optional(),
      ...acpItem,
      medical: z.boolean().optional(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('answer'), say: messageKey.optional() }).strict(),
  /**
   * Rests with the flow open and no question of its own: a feature's screen (the note's hub,
   * with its own buttons) stays until a button moves on; typed text leaves the flow as a
   * question for the knowledge answer.
   */
  z.object({ ...base, type: z.literal('wait'), say: z.union([messageRef, z.array(messageRef).min(1)]) }).strict(),
  z
    .object({
      ...base,
      type: z.literal('branch'),
      cases: z
        .array(
          z.union([
            // `var` may name a field of a saved request result: `list.count`.
            z
              .object({
                var: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-zA-Z0-9-]*)?$/, 'a value name, or name.field'),
                equals: z.union([z.string(), z.number(), z.boolean()]),
                next: target,
              })
              .strict(),
            z.object({ fact: z.enum(FACTS), equals: z.union([z.string(), z.boolean()]), next: target }).strict(),
          ]),
        )
        .min(1),
      else: target,
    })
    .strict(),
  /**
   * Hands work to the shell (save a request, open a case…) and waits for its result: `next`
   * on success (the result's data saved under `save`), `fail` otherwise. `with` picks the
   * collected values sent along (all of them by default); `data` adds fixed ones.
   * `open-case` hands the conversation to a coordinator, so it has no `next`.
   */
  z
    .object({
      ...base,
      type: z.literal('do'),
      request: z.enum(REQUESTS),
      with: z.array(id).optional(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      save: id.optional(),
      next: target.optional(),
      fail: target.optional(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('end'), say: z.union([messageRef, z.array(messageRef)]).optional() }).strict(),
]);

export const flowSchema = z
  .object({
    id,
    version: z.number().int().positive(),
    /** Flows that collect personal data never run in group or room chats. */
    personal: z.boolean().default(false),
    start: id,
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type FlowFile = z.infer<typeof flowSchema>;
export type Step = z.infer<typeof stepSchema>;
export type MessageRef = z.infer<typeof messageRef>;

export interface CompiledFlow {
  id: string;
  version: number;
  personal: boolean;
  start: string;
  steps: Record<string, Step>;
  /** Position of each step in the file, for error messages. */
  stepIndex: Record<string, number>;
}

export interface ContentError {
  file: string;
  path: string;
  message: string;
  /** 1-based line in the file, when it could be located. */
  line?: number;
}

export interface FlowCheckContext {
  hasMessage(key: string): boolean;
  hasScene(scene: string): boolean;
  /** Whether an article exists (checked when given). */
  hasArticle?(id: string): boolean;
  flowIds: ReadonlySet<string>;
}

function zodErrors(file: string, error: z.ZodError): ContentError[] {
  return error.issues.map((issue) => ({ file, path: issue.path.join(' › ') || '(root)', message: issue.message }));
}

export function parseFlow(file: string, raw: unknown): { flow?: CompiledFlow; errors: ContentError[] } {
  const parsed = flowSchema.safeParse(raw);
  if (!parsed.success) return { errors: zodErrors(file, parsed.error) };
  const errors: ContentError[] = [];
  const steps: Record<string, Step> = {};
  const stepIndex: Record<string, number> = {};
  parsed.data.steps.forEach((step, i) => {
    if (steps[step.id]) errors.push({ file, path: `steps › ${i} › id`, message: `duplicate step id "${step.id}"` });
    steps[step.id] = step;
    stepIndex[step.id] = i;
  });
  const f = parsed.data;
  return { flow: { id: f.id, version: f.version, personal: f.personal, start: f.start, steps, stepIndex }, errors };
}

/** Checks every reference of a parsed flow against the other flows, the messages and the content. */
export function checkFlowReferences(file: string, flow: CompiledFlow, ctx: FlowCheckContext): ContentError[] {
  const errors: ContentError[] = [];
  const at = (stepId: string, rest: string) => `steps › ${flow.stepIndex[stepId]}${rest ? ` › ${rest}` : ''}`;
  const checkTarget = (where: string, t: string | undefined) => {
    if (!t || t === 'end' || t.startsWith('command:')) return;
    if (t.startsWith('flow:')) {
      if (!ctx.flowIds.has(t.slice(5))) errors.push({ file, path: where, message: `unknown flow "${t.slice(5)}"` });
    } else if (!flow.steps[t]) errors.push({ file, path: where, message: `unknown step "${t}"` });
  };
  const checkKey = (where: string, key: string | undefined) => {
    if (key && !ctx.hasMessage(key)) errors.push({ file, path: where, message: `message key "${key}" is missing in at least one locale` });
  };
  const checkRef = (where: string, ref: MessageRef) => {
    if (typeof ref === 'string') checkKey(where, ref);
    else if (ref.show === 'scene' && !ctx.hasScene(ref.scene)) errors.push({ file, path: where, message: `unknown scene "${ref.scene}"` });
    else if (ref.show === 'topics') {
      checkKey(where, `scene.${ref.title}`);
      for (const id of ref.ids) if (ctx.hasArticle && !ctx.hasArticle(id)) errors.push({ file, path: where, message: `unknown article "${id}"` });
    }
  };
  /** A step's `say`: one reference or several. */
  const checkRefs = (stepId: string, say: MessageRef | MessageRef[]) => {
    for (const [i, r] of (Array.isArray(say) ? say : [say]).entries()) checkRef(at(stepId, `say › ${i}`), r);
  };
  if (!flow.steps[flow.start]) errors.push({ file, path: 'start', message: `unknown step "${flow.start}"` });
  if (!flow.personal) {
    for (const step of Object.values(flow.steps)) {
      if (step.type === 'do') errors.push({ file, path: at(step.id, 'request'), message: 'a flow with a do step collects personal data: set personal: true' });
    }
  }
  for (const step of Object.values(flow.steps)) {
    const s = step.id;
    switch (step.type) {
      case 'say':
        checkRefs(s, step.say);
        checkTarget(at(s, 'next'), step.next);
        break;
      case 'ask':
        checkKey(at(s, 'say'), step.say);
        checkKey(at(s, 'invalid'), step.invalid);
        if (step.item) checkKey(at(s, 'item'), `acp.item.${step.item}`);
        if (step.section) checkKey(at(s, 'section'), `acp.section.${step.section}`);
        checkTarget(at(s, 'next'), step.next);
        break;
      case 'choose':
        checkKey(at(s, 'say'), step.say);
        if (step.item) checkKey(at(s, 'item'), `acp.item.${step.item}`);
        if (step.section) checkKey(at(s, 'section'), `acp.section.${step.section}`);
        if (step.multi) checkKey(at(s, 'multi › done'), step.multi.done);
        for (const [i, o] of step.options.entries()) {
          checkKey(at(s, `options › ${i} › label`), o.label);
          checkTarget(at(s, `options › ${i} › next`), o.next);
          if (!o.next && !step.next) errors.push({ file, path: at(s, `options › ${i}`), message: 'option has no next and the step has no default next' });
        }
        checkTarget(at(s, 'next'), step.next);
        break;
      case 'answer':
        checkKey(at(s, 'say'), step.say);
        break;
      case 'branch':
        for (const [i, c] of step.cases.entries()) checkTarget(at(s, `cases › ${i} › next`), c.next);
        checkTarget(at(s, 'else'), step.else);
        break;
      case 'do':
        if (step.request !== 'open-case' && !step.next) errors.push({ file, path: at(s, 'next'), message: `a "${step.request}" step needs a next` });
        if (step.request === 'open-case' && step.next)
          errors.push({ file, path: at(s, 'next'), message: 'open-case hands the chat to a coordinator; it has no next' });
        checkTarget(at(s, 'next'), step.next);
        checkTarget(at(s, 'fail'), step.fail);
        break;
      case 'wait':
        checkRefs(s, step.say);
        break;
      case 'end':
        if (step.say) checkRefs(s, step.say);
        break;
    }
    if ((step.type === 'ask' || step.type === 'choose') && !step.item) {
      if (step.role) errors.push({ file, path: at(s, 'role'), message: 'a role is for a question of the note: it needs an item' });
      if (step.checklist) errors.push({ file, path: at(s, 'checklist'), message: 'a checklist question needs an item' });
    }
  }
  // Every step is reached by some edge from the start; one that nothing follows is dead data
  // (or is entered by name from code, which the flow should say instead).
  const reached = reachableSteps(flow);
  for (const step of Object.values(flow.steps)) {
    if (!reached.has(step.id))
      errors.push({ file, path: at(step.id, 'id'), message: `no step leads to "${step.id}": nothing follows it from start "${flow.start}"` });
  }
  return errors;
}

/** The targets a step may continue at (step ids, `flow:…`, `command:…`, `end`). */
export function stepTargets(step: Step): string[] {
  switch (step.type) {
    case 'say':
      return [step.next];
    case 'ask':
      return [step.next];
    case 'choose':
      return [...step.options.map((o) => o.next), step.next].filter((t): t is string => Boolean(t));
    case 'branch':
      return [...step.cases.map((c) => c.next), step.else];
    case 'do':
      return [step.next, step.fail].filter((t): t is string => Boolean(t));
    default:
      return [];
  }
}

/** The steps reached from the flow's start by following every edge. */
export function reachableSteps(flow: CompiledFlow): Set<string> {
  const reached = new Set<string>();
  const queue = [flow.start];
  while (queue.length) {
    const id = queue.pop()!;
    const step = Object.hasOwn(flow.steps, id) ? flow.steps[id] : undefined;
    if (!step || reached.has(id)) continue;
    reached.add(id);
    for (const t of stepTargets(step)) if (t !== 'end' && !t.includes(':')) queue.push(t);
  }
  return reached;
}

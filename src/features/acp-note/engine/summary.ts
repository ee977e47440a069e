/**
 * The ACP note's outline (sections and items, read from flows/acp-note.yaml) and its summary
 * as message keys. Pure: the chat's Flex summary (line/render.ts) and the printable page
 * (features/acp-note/print.ts) draw the same view, so they never disagree.
 */
import type { CompiledFlow, Step } from '../../../engine/flow-schema.ts';
import type { Json } from '../../../engine/types.ts';
import { ACP_SPECIAL, type AcpAnswer, type AcpSummaryRow, type AcpSummaryView, type AcpWriter } from './types.ts';

export const NOTE_FLOW = 'acp-note';

export type ItemStep = Extract<Step, { type: 'ask' | 'choose' }> & { item: string };
export type ItemRole = NonNullable<ItemStep['role']>;

export interface OutlineItem {
  item: string;
  section: string;
  /** The steps that ask for it, in file order (a choice, then maybe free text). */
  steps: ItemStep[];
}

export function isItemStep(step: Step | undefined): step is ItemStep {
  return Boolean(step && (step.type === 'ask' || step.type === 'choose') && step.item);
}

export function isSpecial(v: unknown): v is (typeof ACP_SPECIAL)[number] {
  return typeof v === 'string' && (ACP_SPECIAL as readonly string[]).includes(v);
}

/** Sections in order with their items, from the steps' `item` and `section` fields. */
export function noteOutline(flow: CompiledFlow): { sections: string[]; items: OutlineItem[] } {
  const ordered = Object.values(flow.steps).sort((a, b) => flow.stepIndex[a.id]! - flow.stepIndex[b.id]!);
  const items = new Map<string, OutlineItem>();
  const sections: string[] = [];
  for (const step of ordered) {
    if (!isItemStep(step)) continue;
    const section = step.section ?? 'intro';
    if (!sections.includes(section)) sections.push(section);
    const known = items.get(step.item);
    if (known) known.steps.push(step);
    else items.set(step.item, { item: step.item, section, steps: [step] });
  }
  return { sections, items: [...items.values()] };
}

/** The question that plays a role in the note (the introduction, who writes, the reminder). */
export function stepWithRole(flow: CompiledFlow, role: ItemRole): ItemStep | undefined {
  return noteOutline(flow).items.find((i) => i.steps[0]!.role === role)?.steps[0];
}

/** The step to open when an answer is changed: the first that asks for the item. */
export function stepForItem(flow: CompiledFlow, item: string): ItemStep | undefined {
  return noteOutline(flow).items.find((i) => i.item === item)?.steps[0];
}

function answerKeys(item: OutlineItem, answer: AcpAnswer | undefined): string[] {
  const values = answer?.v === undefined ? [] : Array.isArray(answer.v) ? answer.v : [answer.v];
  const keys: string[] = [];
  for (const v of values) {
    if (isSpecial(v)) {
      keys.push(`acp.special.${v}`);
      continue;
    }
    for (const step of item.steps) {
      if (step.type !== 'choose') continue;
      const option = step.options.find((o) => o.value === v);
      if (option) {
        keys.push(option.label);
        break;
      }
    }
  }
  return keys;
}

/**
 * The summary of the note, or of one section. `all` keeps unanswered items (the review,
 * where each can be filled in); otherwise only answered ones are listed.
 */
export function buildSummary(
  flow: CompiledFlow,
  note: { answers: Record<string, AcpAnswer>; writer?: AcpWriter | null; updatedAt?: string | null },
  opts: { section?: string; all?: boolean } = {},
): AcpSummaryView {
  const outline = noteOutline(flow);
  const sections: AcpSummaryView['sections'] = [];
  const doctorItems: string[] = [];
  for (const section of outline.sections) {
    if (opts.section && section !== opts.section) continue;
    const rows: AcpSummaryRow[] = [];
    for (const item of outline.items) {
      // Items with a role are about the note, not the care: shown in the header or not at all.
      if (item.section !== section || item.steps.some((s) => s.role)) continue;
      const answer = Object.hasOwn(note.answers, item.item) ? note.answers[item.item] : undefined;
      const answers = answerKeys(item, answer);
      const doctor = answers.includes('acp.special.doctor');
      if (doctor) doctorItems.push(item.item);
      if (!opts.all && answers.length === 0 && !answer?.t) continue;
      rows.push({ item: item.item, answers, ...(answer?.t ? { text: answer.t } : {}), ...(doctor ? { doctor: true } : {}) });
    }
    if (rows.length) sections.push({ id: section, rows });
  }
  return { writer: note.writer ?? null, updatedAt: note.updatedAt ?? null, sections, doctorItems };
}

/** Reads answers handed over by the shell (stored JSON) defensively. */
export function answersFromJson(v: Json | undefined): Record<string, AcpAnswer> {
  const out: Record<string, AcpAnswer> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [item, raw] of Object.entries(v)) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const a: AcpAnswer = {};
    if (typeof raw.v === 'string') a.v = raw.v;
    else if (Array.isArray(raw.v)) a.v = raw.v.filter((x): x is string => typeof x === 'string');
    if (typeof raw.t === 'string') a.t = raw.t;
    if (typeof raw.at === 'string') a.at = raw.at;
    out[item] = a;
  }
  return out;
}

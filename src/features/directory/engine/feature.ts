/**
 * The directory in the chat (pure): 「近くの訪問看護」「往診してくれる先生」 start the search
 * flow (flows/directory.yaml) with the kind of place already known; the question where to
 * look offers the city's 町名 and LINE's location button; a shared location answers it for this
 * turn only (it is dropped as soon as the search has run, so it is never stored); the result is
 * drawn as a carousel (`show: directory`). Where the flow goes next is in the YAML.
 */
import type { Step } from '../../../engine/flow-schema.ts';
import { currentStep, go, menuChoices, prompt, startFlow, type EngineFeature, type Out, type TurnContext } from '../../../engine/kernel/index.ts';
import type { Choice, ConversationState, Json } from '../../../engine/types.ts';
import type { DirectoryView } from './requests.ts';

export const DIRECTORY_FLOW = 'directory';

/** Up to this many 町名 are offered at once (with the location button and 「もどる」「やめる」, within LINE's 13). */
const AREAS_AT_ONCE = 10;
/** The flow values the question keeps while the person picks a group of 町名. */
const GROUP_VAR = 'area-group';

/** The question of where to look: an `ask` that saves `where` in the directory flow. */
function isWhereStep(state: ConversationState, step: Step): step is Extract<Step, { type: 'ask' }> {
  return state.flow === DIRECTORY_FLOW && step.type === 'ask' && step.save === 'where';
}

/** The city's 町名 by 地域包括支援センター, as the `directory-areas` request saved them. */
function areaGroups(state: ConversationState): string[][] {
  const saved = state.vars.areas;
  const groups = saved && typeof saved === 'object' && !Array.isArray(saved) ? saved.groups : undefined;
  if (!Array.isArray(groups)) return [];
  return groups.map((g) => (Array.isArray(g) ? g.filter((a): a is string => typeof a === 'string') : []));
}

function areaChoice(step: Step, area: string, index: number): Choice {
  return { label: 'directory.where.area', labelData: { area }, action: { type: 'choice', step: step.id, value: `a${index}` } };
}

/** The location button, then the 町名 (or, for a city with many, their groups first). */
function whereChoices(state: ConversationState, step: Step): Choice[] {
  const groups = areaGroups(state);
  const all = groups.flat();
  const choices: Choice[] = [{ label: 'directory.where.location', action: { type: 'share-location' } }];
  const group = state.vars[GROUP_VAR];
  if (all.length <= AREAS_AT_ONCE) choices.push(...all.map((a, i) => areaChoice(step, a, i)));
  else if (typeof group === 'number' && groups[group]) {
    const offset = groups.slice(0, group).flat().length;
    choices.push(...groups[group]!.slice(0, AREAS_AT_ONCE).map((a, i) => areaChoice(step, a, offset + i)));
    choices.push({ label: 'directory.where.other-areas', action: { type: 'choice', step: step.id, value: 'groups' } });
  } else {
    groups.slice(0, AREAS_AT_ONCE).forEach((g, i) => {
      choices.push({
        label: 'directory.where.group',
        labelData: { areas: g.slice(0, 2).join('・') },
        action: { type: 'choice', step: step.id, value: `g${i}` },
      });
    });
  }
  if (state.trail.length > 1) choices.push({ label: 'nav.back', action: { type: 'command', command: 'back' } });
  choices.push({ label: 'nav.cancel', action: { type: 'command', command: 'cancel' } });
  return choices;
}

function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** A typed 町名: the longest of the city's areas the text names (「デモ市北町3丁目」 → 北町), or 「中央」 for 中央町. */
export function typedArea(text: string, areas: readonly string[]): string | undefined {
  const folded = fold(text);
  const named = areas.filter((a) => folded.includes(a)).sort((a, b) => b.length - a.length)[0];
  return named ?? areas.find((a) => a === `${folded}町`);
}

function answerWhere(ctx: TurnContext, out: Out, step: Extract<Step, { type: 'ask' }>, where: { area: string } | { near: Json }): void {
  delete out.state.vars[GROUP_VAR];
  if ('area' in where) {
    out.state.vars.where = where.area;
    delete out.state.vars.near;
  } else {
    out.state.vars.near = where.near;
    delete out.state.vars.where;
  }
  go(ctx, out, step.next);
}

function showResults(ctx: TurnContext, out: Out, from: string): void {
  const saved = out.state.vars[from];
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return;
  const view = saved as unknown as DirectoryView;
  const again: Choice = { label: 'directory.again', action: { type: 'start', flow: DIRECTORY_FLOW } };
  out.replies.push({ kind: 'directory', view, quick: [again, ...menuChoices(ctx)] });
}

export const directoryFeature: EngineFeature = {
  name: 'directory',
  intercept(ctx, out, input) {
    if (input.location) {
      const step = currentStep(ctx, out.state);
      if (!step || !isWhereStep(out.state, step)) return false;
      answerWhere(ctx, out, step, { near: { lat: input.location.lat, lng: input.location.lng } });
      return true;
    }
    if (input.text === null) return false;
    // A free-text answer in another flow (a group's name, a note's wishes) may mention 訪問看護
    // without asking to find one: it stays an answer.
    const step = currentStep(ctx, out.state);
    if ((step?.type === 'ask' && !isWhereStep(out.state, step)) || ctx.features.some((f) => f.isPrivate?.(out.state))) return false;
    const kind = ctx.intents.matchFeature('directory', input.text);
    if (!kind) return false;
    startFlow(ctx, out, DIRECTORY_FLOW, kind === 'any' ? {} : { kind });
    return true;
  },
  questionNav(state, step) {
    return isWhereStep(state, step) ? whereChoices(state, step) : undefined;
  },
  special(ctx, out, step, value) {
    if (!isWhereStep(out.state, step)) return false;
    const all = areaGroups(out.state).flat();
    const area = /^a\d{1,3}$/.test(value) ? all[Number(value.slice(1))] : undefined;
    if (area) {
      answerWhere(ctx, out, step, { area });
      return true;
    }
    if (/^g\d{1,3}$/.test(value)) out.state.vars[GROUP_VAR] = Number(value.slice(1));
    else delete out.state.vars[GROUP_VAR];
    prompt(ctx, out, step);
    return true;
  },
  askText(ctx, out, step, text) {
    if (!isWhereStep(out.state, step)) return false;
    const area = typedArea(text, areaGroups(out.state).flat());
    if (area) answerWhere(ctx, out, step, { area });
    else {
      out.replies.push({ kind: 'text', key: 'directory.where.unknown' });
      prompt(ctx, out, step);
    }
    return true;
  },
  result(_ctx, out, _step, event) {
    if (event.request !== 'directory-search') return undefined;
    // The shared location was needed for this search only: it leaves the state before the
    // turn is stored, whatever the outcome.
    delete out.state.vars.near;
    if (event.ok) out.effects.push({ type: 'count', name: 'directory-search', detail: `${event.data.kind}:${event.data.mode}` });
    return undefined;
  },
  show(ctx, out, ref) {
    if (ref.show !== 'directory') return false;
    showResults(ctx, out, ref.from);
    return true;
  },
};

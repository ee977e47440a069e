/**
 * Answers from the reviewed knowledge base: one article when the match is confident, up to
 * three candidates when unsure (the question is kept for the content team), an honest "not
 * found" otherwise. Never an invented answer.
 */
import type { Choice, Locale } from '../types.ts';
import type { EngineContext, Out } from './context.ts';
import { resetToIdle } from './state.ts';

export function answerQuestion(ctx: EngineContext, out: Out, text: string, leaveFlow = true): void {
  if (leaveFlow && out.state.flow) resetToIdle(out.state);
  answerInto(ctx, out, text);
  // A question written in another language is answered in it, with an offer to keep it.
  const language = messageLocale(ctx, out.state.locale, text);
  if (language) {
    out.locale = language;
    const last = out.replies[out.replies.length - 1];
    if (last && 'quick' in last && last.quick)
      last.quick = [{ label: `language.always.${language}`, action: { type: 'locale', locale: language } }, ...last.quick];
  }
  // A symptom mentioned in passing: the answer ends with the 119 line; a crisis word in a
  // phrase that most likely means something else (家で死にたい): with the crisis numbers, gently.
  if (out.symptom) out.replies.push({ kind: 'safety-note', ...(out.symptom === 'crisis' ? { variant: 'crisis' as const } : {}) });
}

/**
 * The language to answer this message in when it is not the stored one: English written
 * in Latin script by a Japanese-language user, or Japanese by an English-language user.
 */
export function messageLocale(ctx: EngineContext, stored: Locale, text: string): Locale | undefined {
  const lang = ctx.knowledge.writtenIn(text);
  if (lang === 'en' && stored !== 'en') return 'en';
  if (lang === 'ja' && stored === 'en') return 'ja';
  return undefined;
}

function answerInto(ctx: EngineContext, out: Out, text: string): void {
  const result = ctx.knowledge.search(text);
  const top = result.hits[0];
  if (result.outcome === 'confident' && top) {
    out.replies.push({ kind: 'article', id: top.id, part: 'summary', quick: articleChoices(ctx, top.id, 'summary') });
    out.effects.push({ type: 'count', name: 'faq-answered', detail: top.id });
    return;
  }
  if (result.outcome === 'unsure' && top) {
    const ids = result.hits.slice(0, 3).map((h) => h.id);
    const quick: Choice[] = ids.map((id) => ({ label: '', action: { type: 'article', id, part: 'summary' } as const }));
    if (ctx.chat === 'user') quick.push({ label: 'faq.person', action: { type: 'command', command: 'person' } });
    quick.push({ label: 'nav.menu', action: { type: 'command', command: 'menu' } });
    out.replies.push({ kind: 'text', key: 'faq.maybe', quick });
    out.effects.push({ type: 'count', name: 'faq-unsure' });
    out.effects.push({ type: 'record-unanswered', question: text, candidates: ids });
    return;
  }
  const quick: Choice[] = [{ label: 'nav.menu', action: { type: 'command', command: 'menu' } }];
  if (ctx.chat === 'user') quick.unshift({ label: 'faq.person', action: { type: 'command', command: 'person' } });
  out.replies.push({ kind: 'text', key: 'faq.none', quick });
  out.effects.push({ type: 'count', name: 'faq-none' });
  out.effects.push({ type: 'record-unanswered', question: text, candidates: [] });
}

export function articleChoices(ctx: EngineContext, id: string, part: 'summary' | 'more'): Choice[] {
  const quick: Choice[] = [];
  if (part === 'summary') quick.push({ label: 'faq.more', action: { type: 'article', id, part: 'more' } });
  for (const rel of ctx.knowledge.topic(id)?.related.slice(0, 3) ?? []) {
    if (ctx.knowledge.topic(rel)) quick.push({ label: '', action: { type: 'article', id: rel, part: 'summary' } });
  }
  if (ctx.chat === 'user') quick.push({ label: 'faq.person', action: { type: 'command', command: 'person' } });
  quick.push({ label: 'nav.menu', action: { type: 'command', command: 'menu' } });
  return quick;
}

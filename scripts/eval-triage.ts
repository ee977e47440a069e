/**
 * Triage figures (run by `npm run eval`, or alone: `tsx scripts/eval-triage.ts`).
 *
 * For each set under test/triage/ (the development set, and blind/ — written from the
 * sources by someone who had not seen the model, reported separately):
 *   emergency.jsonl  {"text","level":"a"|"b"|"c"|"crisis","style",("concept"|"area")}
 *   near-miss.jsonl  {"text","kind","style"}  calm messages that mention a symptom
 * it prints recall per level, per language style and per concept (or area), and the
 * near-miss false-alarm rate (the 119 or crisis card shown for a calm message).
 *
 * Recall: level a → the 119 card (level a, or a crisis card for a crisis); b → at least
 * the urgent card (b or a); c → at least the 119 line (any level); crisis → the crisis
 * card (or the 119 card, which also says 119 first).
 *
 *   --verbose   list every miss and false alarm
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRedFlags } from '../src/knowledge/triage-model.ts';
import { triage, type TriageModel, type TriageResult } from '../src/knowledge/triage.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Emergency {
  text: string;
  level: 'a' | 'b' | 'c' | 'crisis';
  style?: string;
  concept?: string;
  area?: string;
}
interface NearMiss {
  text: string;
  kind?: string;
  style?: string;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const frac = (a: number, b: number) => `${a}/${b} = ${pct(a, b)}`;

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadTriageModel(root = ROOT): TriageModel {
  const { model, errors } = parseRedFlags(readFileSync(join(root, 'content/triage/red-flags.yaml'), 'utf8'));
  if (!model) throw new Error(`content/triage/red-flags.yaml: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return model;
}

/** Does the reply for `r` meet what a message of `want` level needs? */
export function meets(want: Emergency['level'], r: TriageResult | null): boolean {
  if (!r) return false;
  if (want === 'a') return r.level === 'a';
  if (want === 'crisis') return r.level === 'a';
  if (want === 'b') return r.level === 'a' || r.level === 'b';
  return true;
}

/** A calm message that got the 119 or crisis card. */
export const falseAlarm = (r: TriageResult | null) => r?.level === 'a';

class Tally {
  private m = new Map<string, [number, number]>();
  add(key: string, ok: boolean): void {
    const t = this.m.get(key) ?? [0, 0];
    t[1]++;
    if (ok) t[0]++;
    this.m.set(key, t);
  }
  print(title: string, indent = '    ', onlyBelow = false): void {
    console.log(`  ${title}`);
    for (const [k, [a, b]] of [...this.m].sort()) if (!onlyBelow || a < b) console.log(`${indent}${k.padEnd(26)} ${frac(a, b)}`);
  }
}

function evalSet(model: TriageModel, dir: string, label: string, verbose: boolean): void {
  const emPath = join(dir, 'emergency.jsonl');
  const nmPath = join(dir, 'near-miss.jsonl');
  if (!existsSync(emPath) || !existsSync(nmPath)) {
    console.log(`\n(${label}: no ${emPath} / ${nmPath})`);
    return;
  }
  const em = readJsonl<Emergency>(emPath);
  const nm = readJsonl<NearMiss>(nmPath);
  const byLevel = new Tally();
  const byStyle = new Tally();
  const byConcept = new Tally();
  const misses: string[] = [];
  let exact = 0;
  for (const e of em) {
    const r = triage(model, e.text);
    const ok = meets(e.level, r);
    byLevel.add(e.level, ok);
    byStyle.add(e.style ?? '?', ok);
    byConcept.add(e.concept ?? e.area ?? '?', ok);
    const got = r ? (r.kind === 'crisis' ? 'crisis' : r.level) : 'none';
    if (got === e.level || (e.level === 'crisis' && r?.kind === 'crisis' && r.level === 'a')) exact++;
    if (!ok) misses.push(`MISS want ${e.level} got ${got}${r ? ` (${r.concept}${r.calmed ? ', calmed' : ''})` : ''}: ${e.text}`);
  }
  let fa = 0;
  let urgent = 0;
  const faStyle = new Tally();
  const faKind = new Tally();
  for (const n of nm) {
    const r = triage(model, n.text);
    const alarm = falseAlarm(r);
    if (alarm) fa++;
    if (r?.level === 'b') urgent++;
    faStyle.add(n.style ?? '?', !alarm);
    faKind.add(n.kind ?? '?', !alarm);
    if (alarm) misses.push(`FALSE ALARM ${r!.kind}:${r!.concept}: ${n.text}`);
  }
  const aN = em.filter((e) => e.level === 'a').length;
  const aHit = em.filter((e) => e.level === 'a' && meets('a', triage(model, e.text))).length;
  console.log(`\n${label} (${em.length} emergency phrasings, ${nm.length} calm near misses)`);
  console.log(`  recall, level a            ${frac(aHit, aN)}`);
  console.log(
    `  recall, all levels         ${frac(em.filter((e) => meets(e.level, triage(model, e.text))).length, em.length)}   (exact level: ${frac(exact, em.length)})`,
  );
  console.log(`  near-miss false alarms     ${frac(fa, nm.length)}   (119/crisis card for a calm message; urgent card: ${urgent})`);
  byLevel.print('recall per level (a: 119 card; b: urgent card or more; c: at least the 119 line; crisis: crisis or 119 card)');
  byStyle.print('recall per language style');
  byConcept.print(verbose ? 'recall per concept / area' : 'recall per concept / area (below 1.0 only; --verbose for all)', '    ', !verbose);
  faStyle.print('near misses without a false alarm, per style');
  faKind.print('near misses without a false alarm, per kind');
  if (verbose) for (const m of misses) console.log(`    ${m}`);
}

export function triageEval(verbose = false): void {
  const model = loadTriageModel();
  // Detection time over every phrasing of the development set.
  const texts = ['emergency.jsonl', 'near-miss.jsonl'].flatMap((f) =>
    existsSync(join(ROOT, 'test/triage', f)) ? readJsonl<{ text: string }>(join(ROOT, 'test/triage', f)).map((x) => x.text) : [],
  );
  if (texts.length) {
    for (const t of texts) triage(model, t);
    const n = Math.max(20000, texts.length);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) triage(model, texts[i % texts.length]!);
    console.log(
      `\ntriage: ${model.concepts.length} concepts, ${Object.keys(model.modifiers).length} modifiers; detection ${(((performance.now() - t0) * 1000) / n).toFixed(1)} µs per message`,
    );
  }
  evalSet(model, join(ROOT, 'test/triage'), 'triage development set (test/triage/)', verbose);
  evalSet(model, join(ROOT, 'test/triage/blind'), 'triage BLIND set (test/triage/blind/, written from the sources without seeing the model)', verbose);
  evalSet(
    model,
    join(ROOT, 'test/triage/fresh'),
    'triage FRESH set (test/triage/fresh/, written after the last change to the model and never tuned on)',
    verbose,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) triageEval(process.argv.includes('--verbose'));

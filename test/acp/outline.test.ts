/**
 * The note's items are stable ids other parts of the system refer to (content spec
 * acp-note.md): every one is asked by the flows, in its section, with the right extras.
 */
import { describe, expect, it } from 'vitest';
import { testBundle } from '../support/harness.ts';
import { buildSummary, noteOutline } from '../../src/features/acp-note/engine/summary.ts';
import { extraOptions } from '../../src/features/acp-note/engine/note.ts';

const SPEC: Record<string, string[]> = {
  intro: ['consent', 'writer'],
  values: ['values', 'values_note', 'unacceptable'],
  proxy: ['proxy', 'proxy_leeway'],
  disclosure: ['disclosure'],
  place: ['place_care', 'place_end'],
  care: ['cpr', 'ventilator', 'tube_feeding', 'iv_hydration', 'iv_when', 'dialysis', 'hospital_transfer', 'comfort'],
  tell: ['talked_with', 'message', 'record_place'],
  review: ['reminder'],
};
const MEDICAL = SPEC.care!;
const ENDING = ['en_basic', 'en_contacts', 'en_finance', 'en_assets', 'en_funeral', 'en_will', 'en_organ', 'en_digital', 'en_belongings'];

describe('the ACP note outline', () => {
  it('asks every item of the spec, in its section and order', async () => {
    const flow = (await testBundle()).flows['acp-note']!;
    const outline = noteOutline(flow);
    expect(outline.sections).toEqual(Object.keys(SPEC));
    for (const [section, items] of Object.entries(SPEC)) {
      expect(
        outline.items.filter((i) => i.section === section).map((i) => i.item),
        section,
      ).toEqual(items);
    }
  });

  it('offers わからない and 今は答えたくない everywhere, 医師と相談したい on medical questions only', async () => {
    const flow = (await testBundle()).flows['acp-note']!;
    for (const item of noteOutline(flow).items) {
      const values = item.steps.flatMap((s) => extraOptions(s).map((o) => o.value));
      if (item.item === 'consent' || item.item === 'writer') {
        expect(values, item.item).toEqual([]);
        continue;
      }
      expect(values, item.item).toEqual(expect.arrayContaining(['unknown', 'skip']));
      expect(values.includes('doctor'), item.item).toBe(MEDICAL.includes(item.item));
    }
  });

  it('keeps the ending-note checklist in its own flow', async () => {
    const bundle = await testBundle();
    const items = noteOutline(bundle.flows['acp-ending']!).items.map((i) => i.item);
    expect(items).toEqual([...ENDING, 'en_place']);
    expect(noteOutline(bundle.flows['acp-note']!).items.some((i) => i.item.startsWith('en_'))).toBe(false);
  });

  it('summarises answers with topics for the doctor', async () => {
    const flow = (await testBundle()).flows['acp-note']!;
    const view = buildSummary(flow, {
      answers: { values: { v: ['family', 'no-pain'] }, cpr: { v: 'doctor' }, proxy: { v: ['child'], t: '長女' }, writer: { v: 'family' } },
      writer: 'family',
      updatedAt: '2026-11-24T01:00:00.000Z',
    });
    expect(view.doctorItems).toEqual(['cpr']);
    expect(view.sections.map((s) => s.id)).toEqual(['values', 'proxy', 'care']);
    expect(view.sections[0]!.rows[0]).toEqual({ item: 'values', answers: ['acp.values.family', 'acp.values.no-pain'] });
    expect(view.sections[1]!.rows[0]).toEqual({ item: 'proxy', answers: ['acp.proxy.child'], text: '長女' });
  });
});

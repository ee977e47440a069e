import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { triage, explainTriage } from '../../src/knowledge/triage.ts';
import { compileEnWord, compileJaWord, expandMarks, WordError } from '../../src/knowledge/triage-words.ts';
import { compileRedFlags } from '../../src/knowledge/triage-model.ts';
import { isEnglishMessage, messageLanguage } from '../../src/knowledge/triage-text.ts';
import { projectTriageModel } from '../support/triage-model.ts';

const model = projectTriageModel();
const level = (text: string) => triage(model, text)?.level ?? null;

// Recall first: every one of these must raise the 119 card (level a). The second column is
// the concept family that should be among those found.
const EMERGENCIES: [string, string][] = [
  // not breathing
  ['母が息をしていません', 'not-breathing'],
  ['父が息してない', 'not-breathing'],
  ['おばあちゃん いきを していない', 'not-breathing'],
  ['いきしてない どうしよう', 'not-breathing'],
  ['イキヲシテイナイ', 'not-breathing'],
  ['呼吸が止まっている気がする', 'not-breathing'],
  ['こきゅうが とまった', 'not-breathing'],
  ['祖父の息が苦しそうでゼーゼーいっている', 'not-breathing'],
  ['脈がない', 'not-breathing'],
  ['心臓が止まってるかもしれない', 'not-breathing'],
  ['唇が紫色になってる', 'not-breathing'],
  ['息してへん！', 'not-breathing'],
  ['My father collapsed and is not breathing', 'collapsed|not-breathing'],
  ["Mum isn't breathing", 'not-breathing'],
  ['he stopped breathing', 'not-breathing'],
  ["She can't breathe", 'not-breathing'],
  // unconscious
  ['父が倒れて呼びかけても反応がない', 'unconscious|collapsed'],
  ['意識がありません', 'unconscious'],
  ['いしきがない', 'unconscious'],
  ['呼んでも返事をしない', 'unconscious'],
  ['ゆすっても目を覚まさない', 'unconscious'],
  ['母が気を失った', 'unconscious'],
  ['はんのうが ない', 'unconscious'],
  ['He is unconscious', 'unconscious'],
  ['my grandmother is not responding', 'unconscious'],
  ["I can't wake him up", 'unconscious'],
  ['she passed out in the kitchen', 'unconscious'],
  ['ぐったりして動かない', 'limp'],
  // collapsed
  ['祖母がトイレで倒れた', 'collapsed'],
  ['たおれて うごかない', 'collapsed'],
  ['タオレタ', 'collapsed'],
  ['夫が急に倒れました', 'collapsed'],
  ['dad collapsed in the garden', 'collapsed'],
  // chest pain
  ['胸が締め付けられるように痛い', 'chest-pain'],
  ['むねが いたい', 'chest-pain'],
  ['胸がくるしいと言っています', 'chest-pain'],
  ['心筋梗塞かもしれない', 'chest-pain'],
  ['He has chest pain and is sweating', 'chest-pain'],
  ['I think she is having a heart attack', 'chest-pain'],
  // stroke
  ['急にろれつが回らなくなって片方の手足が動かない', 'stroke'],
  ['ろれつがまわらない', 'stroke'],
  ['右手と右足がしびれて力が入らない', 'stroke'],
  ['顔の片側が下がっている', 'stroke'],
  ['口がゆがんでよだれが出る', 'stroke'],
  ['急に言葉が出てこなくなった', 'stroke'],
  ['脳梗塞かもしれない', 'stroke'],
  ['今までにない激しい頭痛', 'stroke'],
  ['his speech is slurred', 'stroke'],
  ['her face is drooping on one side', 'stroke'],
  ['I think dad is having a stroke', 'stroke'],
  ["suddenly can't move his left arm", 'stroke'],
  // bleeding
  ['血が止まらない', 'bleeding'],
  ['ちが とまらない', 'bleeding'],
  ['出血がひどい', 'bleeding'],
  ['血を吐いた', 'bleeding'],
  ['大量に出血している', 'bleeding'],
  ["the bleeding won't stop", 'bleeding'],
  ['he is bleeding heavily', 'bleeding'],
  ['she is vomiting blood', 'bleeding'],
  // choking
  ['祖母がおもちを喉につまらせた', 'choking'],
  ['もちが のどに つまった', 'choking'],
  ['モチヲノドニツマラセタ', 'choking'],
  ['食べ物を詰まらせて苦しそう', 'choking'],
  ['窒息しそう', 'choking'],
  ['my father is choking on mochi', 'choking'],
  ['food stuck in her throat', 'choking'],
  // convulsions
  ['けいれんが続いています', 'convulsions'],
  ['ケイレンしてる', 'convulsions'],
  ['痙攣が止まらない', 'convulsions'],
  ['発作が起きて止まらない', 'convulsions'],
  ['he is having a seizure', 'convulsions'],
  ['my mother is convulsing', 'convulsions'],
  // burns
  ['熱湯をかぶって大やけどした', 'burn'],
  ['ストーブで服に火がついた', 'burn'],
  ['火傷がひどい', 'burn'],
  ['he burned his arm badly with boiling water', 'burn'],
  ['her clothes caught fire', 'burn'],
  // falls
  ['転んで頭を打った', 'fall'],
  ['ころんで おきあがれない', 'fall'],
  ['階段から落ちて血が出ている', 'fall'],
  ['ベッドから落ちて動けない', 'fall'],
  ['転倒して足が変な方向に曲がっている', 'fall'],
  ['頭を強く打った', 'fall'],
  ['my mother fell and hit her head', 'fall'],
  ["dad fell and can't get up", 'fall'],
  // overdose / poison
  ['薬を一度にたくさん飲んでしまった', 'overdose-poison'],
  ['睡眠薬を全部飲んだ', 'overdose-poison'],
  ['くすりを ぜんぶ のんだ', 'overdose-poison'],
  ['薬を飲みすぎた', 'overdose-poison'],
  ['洗剤を飲んでしまった', 'overdose-poison'],
  ['認知症の母が漂白剤を飲んだかもしれない', 'overdose-poison'],
  ['he took too many pills', 'overdose-poison'],
  ['my dad swallowed bleach', 'overdose-poison'],
  ['she took an overdose', 'overdose-poison'],
  // drowning
  ['お風呂で溺れている', 'drowning'],
  ['おふろで しずんで いた', 'drowning'],
  ['父が湯船でぐったりしている', 'drowning|limp'],
  ['浴槽の中で意識がない', 'drowning|unconscious'],
  ['grandma is drowning in the bath', 'drowning'],
  ['found him face down in the bath', 'drowning'],
  // ambulance, now
  ['救急車呼んで', 'ambulance-now'],
  ['救急車呼んだほうがいい?', 'ambulance-now'],
  ['救急車！', 'ambulance-now'],
  ['きゅうきゅうしゃ よんで', 'ambulance-now'],
  ['キュウキュウシャ', 'ambulance-now'],
  ['119番してください', 'ambulance-now'],
  ['救急車を呼ぶべき？母の様子がおかしい', 'ambulance-now'],
  ['救急車を呼ぶか迷っています、父が苦しそう', 'ambulance-now'],
  ['call an ambulance', 'ambulance-now'],
  ['Should I call an ambulance?', 'ambulance-now'],
  ['we need an ambulance now', 'ambulance-now'],
  // sudden change
  ['母が急変しました', 'sudden-change'],
  ['急に様子がおかしくなった', 'sudden-change'],
  ['助けて！', 'help-now'],
  // more phrasings
  ['おばあちゃんが全然起きない', 'unconscious'],
  ['夫がいびきをかいて起きない', 'unconscious'],
  ['言葉がうまく出ない、急に', 'stroke'],
  ['舌がもつれてる', 'stroke'],
  ['父が口から泡を吹いている', 'convulsions'],
  ['顔色が悪くて冷や汗をかいている', 'unconscious'],
  ['体が冷たくなってる', 'unconscious'],
  ['頭から血が出てる', 'fall'],
  ['父が階段から落ちた', 'fall'],
  ['子どもが洗剤を飲んだかも', 'overdose-poison'],
  ['認知症の父がボタン電池を飲み込んだ', 'overdose-poison'],
  ["Dad's face is drooping and he can't speak", 'stroke'],
  ['Grandma fell and hit her head, she is bleeding', 'fall'],
  ['I found him in the bath, he is not moving', 'drowning|limp'],
  ['My husband is having a seizure', 'convulsions'],
];

const CRISES: string[] = [
  '死にたい',
  'もう死にたいです',
  'しにたい',
  'シニタイ',
  '消えたい',
  'きえてしまいたい',
  '介護に疲れて死んでしまいたい',
  '自殺を考えています',
  '生きていたくない',
  '母を殺してしまいそうで怖い',
  'I want to die',
  'I want to kill myself',
  'thinking about suicide',
  "I don't want to live anymore",
  'もう生きていけない',
  '母が死にたいと言っている',
  'I want to end my life',
];

// Ordinary questions and planning / knowledge questions: no 119 card (at most the 119 line).
const NOT_EMERGENCIES: string[] = [
  '救急車の呼び方を前もって家族で確認しておきたい',
  'どんなときに救急車を呼べばいいですか',
  '救急のときのために用意しておく情報のシートはありますか',
  '救急車を呼ぶほどか迷うときの相談窓口は',
  '延命を望まない母が急変したら119番してもいいの？',
  '在宅で療養中の父の具合が急に悪くなったら、まずどこに連絡？',
  '60歳の夫が脳梗塞で倒れました。介護保険は使えますか',
  'まだ死ぬことなんて考えたくない',
  '最期は自宅で死にたいのですが、できますか',
  'I want to die at home when the time comes',
  '介護保険料はいつ払うのですか',
  '亡くなる前にはどんな変化がありますか',
  '死期が近いと呼吸が変わるって本当ですか',
  '自宅で父が亡くなった時は誰に連絡すればいいですか',
  '転ばないように手すりをつけたい',
  '喉に詰まらせないように食事を工夫したい',
  '薬の飲み忘れや飲みすぎが心配です',
  '訪問看護を頼みたいんやけど、どこに言えばええ？',
  '家で倒れても誰も気づかんのじゃないかと心配',
  '誤嚥性肺炎を防ぐために口のケアをしたい',
  'When should I call an ambulance?',
  'How do I prepare for an emergency in advance?',
  'I am burned out from caring for my mother',
  'My father had a stroke last year. Can he use care insurance?',
  '119番に電話したら何を聞かれるの？',
  'ケアマネジャーを変えたい',
  '介護疲れで少し休みたい',
  '息子が介護を手伝ってくれない',
  '介護に疲れてぐったりです',
  'やけどの跡のケアは訪問看護でできますか',
  '家で息を引き取ったときは誰を呼べばいいですか',
  '呼吸の様子が変わってきたら最期が近いのですか',
  '母が骨折して入院しました。介護保険の申請はできますか',
  '急変時に備えて何を準備しておけばいいですか',
  '救急隊に渡す情報シートはありますか',
  'What are the signs that death is near?',
  'How can I prevent falls at home?',
  'My mother had a stroke two years ago. Can she get home nursing?',
];

describe('triage: the project model', () => {
  it.each(EMERGENCIES)('level a: %s', (text) => {
    const r = triage(model, text);
    expect(r, JSON.stringify(explainTriage(model, text))).toMatchObject({ level: 'a', kind: 'emergency' });
  });

  it.each(CRISES)('crisis: %s', (text) => {
    expect(triage(model, text)).toMatchObject({ level: 'a', kind: 'crisis' });
  });

  it.each(NOT_EMERGENCIES)('no 119 card: %s', (text) => {
    expect(level(text)).not.toBe('a');
  });

  it('keeps the crisis line, gently, for a wish about where or how to die (家で死にたい): level c, never a card, never nothing', () => {
    for (const text of ['いえで しにたい', '家で死にたい', '最期は自宅で死にたいのですが、できますか', 'I want to die at home when the time comes']) {
      expect(triage(model, text), text).toMatchObject({ level: 'c', kind: 'crisis' });
    }
    // The look-alike does not hide a plain wish to die in the same message.
    expect(triage(model, '家で死にたいけど、もう生きていたくない')).toMatchObject({ level: 'a', kind: 'crisis' });
    expect(level('死にたくない')).toBeNull();
  });

  it('prefers the physical emergency when both match', () => {
    expect(triage(model, '死にたくて薬を全部飲んだ')).toMatchObject({ level: 'a', kind: 'emergency' });
  });

  it('ignores empty text', () => {
    expect(triage(model, '')).toBeNull();
    expect(triage(model, '   ')).toBeNull();
  });

  it('works with full-width and half-width forms', () => {
    expect(level('ｲｷｦｼﾃｲﾅｲ')).toBe('a');
    expect(level('１１９番して')).toBe('a');
  });

  it('reads kana as the kanji word it spells, and mixes of both', () => {
    for (const t of ['胸が痛い', 'むねがいたい', 'むねが痛い', '胸がいたい', 'ムネガイタイ']) expect(level(t), t).toBe('a');
  });

  it('raises a symptom with its modifiers: sudden, worst ever, continuing, cold sweat', () => {
    expect(level('頭が痛い')).toBe('c');
    expect(level('急に頭が痛い')).toBe('a');
    expect(level('今までにない頭痛')).toBe('a');
    expect(level('お腹が痛い')).toBe('c');
    expect(level('お腹が痛くて冷や汗が出ている')).toBe('a');
    expect(level('吐いた')).toBe('c');
    expect(level('何度も吐いて止まらない')).toBe('b');
    expect(level('便が黒い')).toBe('a');
    // A small burn is a symptom to mention, not a 119 (it was an alarm before the levels).
    expect(level('やけどを した')).toBe('c');
    expect(level('熱湯をかぶって大やけどした')).toBe('a');
  });

  it('does not count a denied symptom', () => {
    expect(triage(model, '胸は痛くないです')).toBeNull();
    expect(triage(model, '熱はありません')).toBeNull();
    expect(triage(model, 'no chest pain, just tired')).toBeNull();
    // …but a symptom that is itself a negative is not a denial.
    expect(level('血が止まらない')).toBe('a');
    expect(level('右手に力が入らない')).toBe('a');
  });

  it('keeps only the 119 line for a calm frame: past, plan, ACP, services, general knowledge', () => {
    for (const t of [
      '去年、父が脳梗塞で倒れました。デイサービスは使えますか',
      '脳梗塞に備えて何を準備しておけばいいですか',
      'もし父が倒れたら、まずどこに連絡すればいいの',
      '延命治療は希望しません。呼吸が止まっても人工呼吸器はいらない',
      '救急車は有料ですか',
      '脳梗塞の前兆にはどんなものがありますか',
      'My father had a stroke last year. Can he use day services?',
      'In case of a stroke, what should I prepare?',
    ])
      expect(level(t), t).not.toBe('a');
  });

  it('lets "now" win over a calm frame: when unsure, safety first', () => {
    expect(level('去年脳梗塞をした父が、さっきから急にろれつが回らない')).toBe('a');
    expect(level('朝起きたら母が倒れていた')).toBe('a');
  });

  it('understands Kansai and other dialect forms', () => {
    for (const t of ['おかん息してへん', '血が止まらへん', 'こけて動かれへん', '胸がいてぇ', '頭がわれるごと痛か、急に']) expect(level(t), t).toBe('a');
  });

  it('tells English from romanised Japanese', () => {
    expect(isEnglishMessage('My father collapsed')).toBe(true);
    expect(isEnglishMessage('kyukyusha yonde')).toBe(false);
    expect(messageLanguage('父が倒れた')).toBe('ja');
    expect(messageLanguage('12345')).toBeNull();
  });
});

describe('triage: the word language', () => {
  it('compiles readings, gaps and negative endings', () => {
    const re = new RegExp(expandMarks(compileJaWord('胸{むね} … 痛{いた}(い|く)')), 'u');
    expect(re.test('むねのあたりがいたい')).toBe(true);
    expect(re.test('胸がいたい')).toBe(true);
    expect(re.test('胸。いたい')).toBe(false); // never across a sentence
    const neg = new RegExp(expandMarks(compileJaWord('動{うご}か~ない')), 'u');
    for (const t of ['うごかない', '動かへん', '動かん', '動かねえ']) expect(neg.test(t), t).toBe(true);
    expect(new RegExp(expandMarks(compileEnWord('chest … pain*'))).test(' my chest has a sharp pains now ')).toBe(true);
  });

  it('refuses words too short to match safely', () => {
    expect(() => compileJaWord('ち')).toThrow(WordError);
    expect(() => compileJaWord('頭{')).toThrow(WordError);
  });

  it('reports a concept without English words and an unknown modifier', () => {
    const base = { reviewed: '2026-12-03', reviewer: 'x', sources: [{ id: 's', title: 't', url: 'https://example.org/' }], modifiers: {} };
    const r = compileRedFlags({
      ...base,
      concepts: [{ id: 'x', area: 'head', symptom: 'x', level: 'c', source: ['s'], words: { ja: ['頭痛{ずつう}'] }, raise: [{ with: ['nope'], level: 'a' }] }],
    });
    expect(r.model).toBeUndefined();
    expect(r.errors.map((e) => e.message).join(' ')).toMatch(/English|en/);
    const r2 = compileRedFlags({
      ...base,
      concepts: [
        {
          id: 'x',
          area: 'head',
          symptom: 'x',
          level: 'c',
          source: ['s'],
          words: { ja: ['頭痛{ずつう}'], en: ['headache'] },
          raise: [{ with: ['nope'], level: 'a' }],
        },
      ],
    });
    expect(r2.errors.map((e) => e.message)).toContain('unknown modifier or concept "nope"');
  });
});

describe('triage: the development set (test/triage/)', () => {
  const read = (f: string) =>
    readFileSync(new URL(`../triage/${f}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; level: string; kind?: string });

  it('has at least 400 emergency phrasings and 200 calm near misses', () => {
    expect(read('emergency.jsonl').length).toBeGreaterThanOrEqual(400);
    expect(read('near-miss.jsonl').length).toBeGreaterThanOrEqual(200);
  });

  it('finds every level (a) phrasing', () => {
    const missed = read('emergency.jsonl').filter((e) => (e.level === 'a' || e.level === 'crisis') && level(e.text) !== 'a');
    expect(missed.map((e) => e.text)).toEqual([]);
  });

  it('raises the 119 card for at most 5% of the calm near misses', () => {
    const nm = read('near-miss.jsonl');
    const alarms = nm.filter((n) => level(n.text) === 'a');
    expect(alarms.length / nm.length, alarms.map((n) => n.text).join(' / ')).toBeLessThanOrEqual(0.05);
  });
});

import { describe, expect, it } from 'vitest';
import { detectEmergency, explainEmergency } from '../../src/knowledge/emergency.ts';

// Recall first: every one of these must raise the 119 advice.
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
  ['the bleeding won\'t stop', 'bleeding'],
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
  ['やけどを した', 'burn'],
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

// Ordinary questions and planning / knowledge questions: no alarm.
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

describe('detectEmergency', () => {
  it.each(EMERGENCIES)('emergency: %s', (text, rule) => {
    const r = detectEmergency(text);
    expect(r?.kind).toBe('emergency');
    const wanted = rule.split('|');
    expect(explainEmergency(text).some((id) => wanted.includes(id))).toBe(true);
  });

  it.each(CRISES)('crisis: %s', (text) => {
    expect(detectEmergency(text)).toEqual({ kind: 'crisis', reason: 'suicide' });
  });

  it.each(NOT_EMERGENCIES)('no alarm: %s', (text) => {
    expect(detectEmergency(text)).toBeNull();
  });

  it('prefers the physical emergency when both match', () => {
    expect(detectEmergency('死にたくて薬を全部飲んだ')?.kind).toBe('emergency');
  });

  it('ignores empty text', () => {
    expect(detectEmergency('')).toBeNull();
    expect(detectEmergency('   ')).toBeNull();
  });

  it('works with full-width and half-width forms', () => {
    expect(detectEmergency('ｲｷｦｼﾃｲﾅｲ')?.kind).toBe('emergency');
    expect(detectEmergency('１１９番して')?.kind).toBe('emergency');
  });
});

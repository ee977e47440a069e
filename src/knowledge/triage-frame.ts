// The frame a symptom is mentioned in: is it happening to someone now, or is the
// message about the past, a plan, a wish for the end of life, a service or its cost?
// Generic grammar, not medicine: the medical words are data (content/triage/).
// PURE. Both forms come from triage-text.ts.
//
// The rule it serves: a symptom in a calm frame lowers the level to (c) — the normal
// answer plus one line with 119 — and anything that says "now" keeps the full level.
// When in doubt the full level stands: a false alarm costs little, a miss does not.

export type Frame = 'past' | 'plan' | 'acp' | 'service' | 'knowledge' | 'chronic';
export const FRAMES: readonly Frame[] = ['past', 'plan', 'acp', 'service', 'knowledge', 'chronic'];

const ja = (s: string) => new RegExp(s, 'u');
const en = (s: string) => new RegExp(s);

/** Message-wide frames, Japanese form / English form. */
const FRAME_RE: Record<Frame, [RegExp, RegExp]> = {
  past: [
    ja(
      '(去年|昨年|一昨年|おととし|きょねん|さくねん|以前|いぜん|昔|むかし|前回|先月|せんげつ|先々月|先週|せんしゆう|年前|ねんまえ|か月前|かげつまえ|かげつまえ|週間前|しゅうかんまえ|この前|このまえ|こないだ|(^|[^のるたすく])(前に|まえに)|(時|とき|場合|ばあい)の(ため|備え|そなえ)|既往|きおう|(た|だ)ことが(ある|あり|あつ)|(た|だ)ことの(ある|あり|あつ)|(た|だ)ことある|一度(倒|たお)|(た|だ)ことがあります|(た|だ)経験|若い(頃|ころ)|当時|とうじ|その(時|とき)は)',
    ),
    en(
      ' (in (19|20)[0-9][0-9]|last (year|month|week|spring|summer|autumn|winter)|years? ago|months? ago|weeks? ago|in the past|used to|once (had|collapsed|fainted|fell)|history of|previously|had had|back in|when (he|she) was younger|who once|who had) ',
    ),
  ],
  plan: [
    ja(
      '(備え|そなえ|準備|じゅんび|用意して|前もって|まえもって|あらかじめ|事前|じぜん|もしも|万が一|万一|まんがいち|いざという|いざの|予防|よぼう|防ぐ|ふせぐ|防げ|ふせげ|防止|ぼうし|対策|たいさく|(ない|ぬ)よう(に|な|、|。|$)|(ない|る)か(心配|しんぱい|不安|ふあん)|なる前|なるまえ|起きる前|練習|訓練|講座|研修|勉強)',
    ),
    en(
      ' (in case|just in case|prevent\\w*|avoid\\w*|prepar\\w*|what if|plan for|planning|ahead of time|in advance|beforehand|reduce the risk|risk of|training|course|lecture) ',
    ),
  ],
  acp: [
    ja(
      '(人生会議|じんせいかいぎ|acp|延命|えんめい|蘇生|そせい|dnar|dnr|最期|さいご(は|に|まで|の)|看取|みとり|みとる|意思表示|いしひょうじ|エンディングノート|えんでぃんぐのーと|想いノート|おもいのーと|望まない|のぞまない|望みません|希望して|尊厳死|自然に(任せ|まかせ))',
    ),
    en(
      ' (advance care|acp|end of life|end-of-life|resuscitat\\w*|dnr|dnar|life support|life-prolonging|living will|wishes|die at home|pass away at home|palliative|hospice) ',
    ),
  ],
  service: [
    ja(
      '(介護保険|かいごほけん|保険証|保険(は|が|で|の)|費用|ひよう|料金|りょうきん|お金|おかね|いくら|自己負担|負担額|申請|しんせい|手続|てつづき|認定|にんてい|サービス|さーびす|制度|せいど|利用でき|りようでき|使えます|つかえます|使える|つかえる|受けられ|うけられ|補助|助成|ケアマネ|けあまね|ショートステイ|しよーとすていい|デイサービス|でいさーびす|有料|無料|タクシー|たくしー|何科|なにか(に|を)行|どこの病院|紹介して|相談窓口|相談先|そうだんまどぐち)',
    ),
    en(
      ' (cost|costs|fee|fees|insurance|apply|application|eligible|how much|care manager|day services?|services?|short stay|subsidy|pay|charge|charged|free of charge|taxi|which hospital|what kind of doctor|referral) ',
    ),
  ],
  knowledge: [
    ja(
      '(とは(何|なん|どう|\\?|。|$)|って(何|なん|なに|どんな|どういう)|どんな(症状|病気|とき|時|場合|状態|サイン)|どういう(症状|とき|時|場合|状態)|どのような(症状|とき|時|場合|状態)|前兆|ぜんちょう|前触れ|まえぶれ|どんなしようじよう|どんなとき|どんなばあい|どんな(原因|げんいん|病気|びようき)|兆候|徴候|ちょうこう|サイン|さいん|見分け|みわけ|見極め|みきわめ|原因(は|が|を|って|と)|聞きました|聞いた|きいた|読んだ|よんだ|テレビ|本当ですか|ほんとうですか|本当(なの|かな|\\?|。|$)|ほんと(う)?(なの|かな|\\?|。|$)|ほんま(なん|かな|\\?|。|$|\\?)|違い|ちがい(は|って|を)|どう違う|ドラマ|どらま|映画|えいが|ニュース|にゆーす|ことを言う|のことをいう|って(いう|言う)の|ほんと(う)?に|一般的|いつぱんてき|ふつうは|よくある|なりやすい|起こりやすい|おこりやすい|目安|めやす|基準|きじゅん|呼ぶべき(症状|とき)|呼んでいい(の|か|症状)|(呼ぶ|よぶ)(べき|ほど)?か(迷|まよ)(う|つた)(とき|時|場合|ら)|まよつたとき)',
    ),
    en(
      ' (what (is|are) (the )?(signs?|symptoms?|warning)|signs? of|symptoms? of|how (do|can|would) (i|you|we) (tell|know|recognise|recognize|spot)|what does \\w+ (mean|stand for)|stand for|difference between|what is a|on (tv|the news)|in a (film|movie|drama)|tell me about|information (about|on)|should i call (an ambulance|119) (for|when|if)|when (should|to|do) (i|we|you) call|serious enough|guidelines?|in general|generally|typical\\w*|common|always|usually|normally) ',
    ),
  ],
  chronic: [
    ja(
      '(後遺症|こういしょう|麻痺のある|まひのある|麻痺がある|まひがある|寝たきり|ねたきり|持病|じびょう|障害(が|の|者)|長年|ながねん|いつも(?!と|より)|普段から|ふだんから|ずっと前|年来|要介護|ようかいご|要支援|ようしえん|認知症の(ため|せいで)|慢性|まんせい|入院(中|して|した|し)|にゆういん(ちゆう|して)|退院|たいいん|手術|しゆじゆつ|通院|治療中|回復|かいふく|(の|した)(あと|後)(の|で|から|も)|から(回復|[0-9一二三四五六七八九十]+(か月|年|週間|日)))',
    ),
    en(
      ' (after effects?|aftereffects?|since (his|her|their|the) (stroke|fall|accident)|paralysed since|paralyzed since|bedridden|chronic|long term|long-term|for years|always has|always had|disabled|recovering|recovered|since (his|her) (stroke|fall|operation)|still (a little|a bit|slightly)|rehab\\w*|therapy) ',
    ),
  ],
};

/**
 * Words that put the message in the present whatever else it says: now, just now,
 * suddenly, this morning, right now, "won't stop".
 */
const NOW_JA = ja(
  '((^|。|、)いま|いますぐ|今(?!まで|後|度|回|年|月|週|は|も|の(うち|ところ)は|入院|にゆういん|施設|しせつ|リハビリ|りはびり|治療|通院|在宅)|さっき|先ほど|さきほど|たった今|ただいま|急に|きゅうに|突然|とつぜん|いきなり|今朝|けさ|今夜|こんや|今晩|こんばん|夜中に|真夜中|昨夜から|ゆうべから|朝から|昼から|夕方から|さっきから|ずっと(続|つづ)|止まら|とまら|どうしよう|助けて|たすけて|早く|はやく|急いで|いそいで)',
);
const NOW_EN = en(
  ' (right now|just now|now (he|she|they|my|his|her)? ?(is|isnt|cant|wont|has)|currently|at the moment|suddenly|all of a sudden|this morning|tonight|this evening|today|just (collapsed|fell|fainted)|wont stop|will not stop|please help|help me|what do i do|what should i do now|hurry|quick|quickly|urgent) ',
);

export interface FrameSet {
  frames: Frame[];
  now: boolean;
}

export function framesOf(jaText: string, enText: string): FrameSet {
  const frames: Frame[] = [];
  for (const f of FRAMES) {
    const [j, e] = FRAME_RE[f];
    if (j.test(jaText) || e.test(enText)) frames.push(f);
  }
  return { frames, now: NOW_JA.test(jaText) || NOW_EN.test(enText) };
}

// ---------------------------------------------------------------------------------------
// Around one match: negation and conditional clauses

const NEGATIVE_STEM = /[かがさたなまらわば]/u;
const NEGATIVE_END = /(ない|なく|ん|へん|ひん|ません|ず|なし|ねえ)$/u;
const COND_AFTER_NEGATIVE = /^(かつたら|ければ|くても|なら|場合|ばあい|とき|時|際)/u;
/** Japanese: what follows a symptom that denies it (痛くない, 痛みはありません, 出ていない). */
const NEG_AFTER_JA =
  /^(く|み|さ|け)?(は|も|が|とか|など)?(あり|し|して|して(い|お)|でて(い)?|出て(い)?|で(い)?|て(い)?)?(ない|なく|ません|ねえ|ねー|へん|ひん|なかつた|ず(に|、|。|$)|なし|ありません|無い|無し)/u;
/** Japanese: a symptom inside a conditional / hypothetical / preventive clause. */
const COND_AFTER_JA =
  /^[ぁ-ゖ]{0,4}?(たら|だら|ても(?!うた|た|ろ|うて)|でも(?!ない|うた)|場合|ばあい|時(は|に|の|、|って|でも)|とき(は|に|の|、|って|でも)|際|さい(は|に)|なら(?!ない)|れば|ような(時|とき|こと|症状|場合)|ようなら|前に|まえに|ないよう|ないため|ないか(心配|しんぱい|不安)|のが(心配|しんぱい|不安|怖|こわ)|^(が|は|も)(心配|しんぱい|不安|ふあん|気になる|きになる)|ことがある|こともある|ことがあります|こともあります|ことが(多|おお))/u;
const COND_BEFORE_JA = /(もし|もしも|万が一|万一|まんがいち|いざ|仮に|かりに)[^。]{0,20}$/u;

const NEG_BEFORE_EN = / (no|not|never|without|nor|denies|dont|doesnt|didnt|isnt|wasnt|arent|hasnt|havent|free of)( [a-z]+){0,2} $/;
const COND_BEFORE_EN =
  / (if|in case|what if|prevent\w*|avoid\w*|risk of|before|whether|when (should|to|do|does|is it|would)|worried (about|that)|afraid (of|that)|signs? of|symptoms? of|what to do (if|when)|how to (deal|cope|respond))( [a-z#0-9]+){0,6} $/;

export interface Around {
  negated: boolean;
  conditional: boolean;
}

/** `breaks`: where the writer left a space (triageJaChunks); a conditional is read within a phrase. */
export function aroundJa(text: string, start: number, end: number, breaks: readonly number[] = []): Around {
  const after = text.slice(end, end + 14);
  let phraseEnd = end + 14;
  for (const b of breaks) if (b > end && b < phraseEnd) phraseEnd = b;
  const inPhrase = text.slice(end, phraseEnd);
  const before = text.slice(Math.max(0, start - 24), start);
  // A word that ends in a verb's negative stem (止まら, 動か, 入ら) already means the
  // negative: 「止まらない」 is the symptom, not its denial.
  const negated = !NEGATIVE_STEM.test(text.slice(end - 1, end)) && NEG_AFTER_JA.test(after);
  // A symptom that ends in a negative (息をしていない) is a whole statement; only a
  // conditional ending attached to it (していなかったら) makes it hypothetical.
  const cond = NEGATIVE_END.test(text.slice(Math.max(0, end - 3), end)) ? COND_AFTER_NEGATIVE.test(inPhrase) : COND_AFTER_JA.test(inPhrase);
  return { negated, conditional: cond || COND_BEFORE_JA.test(before) };
}

export function aroundEn(text: string, start: number): Around {
  const sentenceStart = text.lastIndexOf(' . ', start);
  const before = text.slice(Math.max(sentenceStart < 0 ? 0 : sentenceStart + 2, start - 60), start);
  return { negated: NEG_BEFORE_EN.test(before), conditional: COND_BEFORE_EN.test(before) };
}

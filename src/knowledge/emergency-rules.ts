// Emergency and crisis rules, as data. PURE.
//
// Each rule lists regular-expression sources:
//   ja     — tested against the Japanese form of the message: NFKC, lower case,
//            katakana folded to hiragana (small kana kept), whitespace removed.
//            Write kanji and hiragana alternatives: (息|いき).
//   en     — tested against the English form: NFKC, lower case, single spaces.
//   unless — when one of these matches (either form), the rule does not fire.
//            Used sparingly: recall comes first, a missed emergency is the
//            worst defect; a false alarm costs little.
// Rules marked `planning: true` also stay silent when the message is clearly
// about planning or general knowledge (「どんなときに救急車を呼べばいい」,
// 「救急車の呼び方を前もって確認しておきたい」), see PLANNING below.

export interface EmergencyRule {
  id: string;
  kind: 'emergency' | 'crisis';
  /** What the rule detects, for logs and tests. */
  description: string;
  ja?: string[];
  en?: string[];
  unless?: string[];
  /** Silent for planning / general-knowledge questions. */
  planning?: boolean;
  /** Phrases removed before this rule is tested (e.g. 「家で死にたい」 is an end-of-life wish). */
  strip?: string[];
}

/** Past events and paperwork: 「脳梗塞で倒れました。介護保険は使えますか」 is not happening now. */
const PAST_OR_PAPERWORK =
  '(介護保険|要介護|要支援|認定|申請|手続|入院し|入院中|入院して|退院|リハビリ|後遺症|年前|か月前|週間前|日前|先月|去年|昨年|以前|この前|こないだ|予防|防止|ないよう|ないため|しないように|ないように)';

/** Hypothetical forms: 「倒れたら」「急変したときは」. */
const HYPOTHETICAL = '(たら|た(とき|時|場合|際)|る(とき|時|場合|前)|の(とき|時|場合)(は|に|の))';

/** Someone the message is about (「父が」「おばあちゃんが」). */
const PERSON =
  '(父|母|祖父|祖母|夫|妻|主人|旦那|だんな|親|じいちゃん|ばあちゃん|じいさん|ばあさん|おじいさん|おばあさん|おとうさん|おかあさん|お父さん|お母さん|おやじ|おふくろ|おかん|おとん|息子|娘|兄|姉|弟|妹|本人|患者|利用者|家族|彼|彼女|人)(さん|ちゃん|様|さま)?';

/** Planning / general-knowledge markers (for rules with planning: true). */
export const PLANNING: string[] = [
  '(どんな|どういう|どのような|どの様な|どうゆう|どうした)(とき|時|場合|症状|状態|状況|ケース|こと)',
  '(呼び|よび|かけ|掛け)(方|かた)',
  '(呼ぶ|よぶ)(方法|ほうほう|基準|目安|めやす|タイミング|たいみんぐ)',
  '(前もって|まえもって|あらかじめ|事前に|じぜんに|普段から|ふだんから|元気なうち)',
  '(とき|時|場合|もしも|万が一|まんがいち|いざ)(の|に)?(ため|備え|そなえ)',
  '(備え|そなえ|準備|じゅんび|用意|ようい)',
  '(確認|かくにん|練習|れんしゅう|訓練)(して|し)?(おき|とき|おく|したい)',
  '(知って|しって)(おき|おく|とき)',
  '(目安|めやす|基準|きじゅん)',
  '(迷う|まよう|悩む|なやむ|迷った|まよった)(とき|時|場合|ら)',
  '(相談窓口|相談先|相談できる|#7119|7119)',
  '(有料|料金|費用|お金|おかね|タクシー|たくしー)',
  '(したら|呼んだら|よんだら|かけたら|電話したら)(何|なに|どう(なる|なります))',
  '何を(聞|き)かれ|何を(伝え|言|い)(え|う|っ)',
  '(延命|えんめい|蘇生|そせい|dnar|dnr)',
  '(ってどんな|とは何|とはなに|ってなに|って何)',
  '(亡くな|なくな|死亡|看取|みと(り|る))',
  '(じゃなく|ではなく|でなく|じゃなしに)',
  '(知りたい|しりたい|教えて|おしえて|ものですか|もんですか|ものなの)',
  '(なったら|したら|出たら|でたら|起きたら|おきたら|倒れたら|たおれたら)',
  '(迷い|まよい)そう',
  '(呼ぶ|よぶ|呼んだ|よんだ)(とき|時|場合)',
  '(相談|そうだん)',
];

export const PLANNING_EN: string[] = [
  '\\bwhen (should|to|do|must|is it|would|can|does)\\b',
  '\\bhow (do|to|can|should|would) (i |we |you )?(call|ring|phone|request|get)\\b',
  '\\b(in advance|beforehand|ahead of time|prepar|in case|just in case)',
  '\\bwhat (information|info|details)\\b',
  '\\bwhat (will|do|would) (they|the operator|the dispatcher) ask',
  '\\bwhat happens (when|if|after)\\b',
  '\\b(cost|costs|charge|free of charge|how much)\\b',
  '\\b(advice line|7119)\\b',
  '\\b(dnar|dnr|resuscitat)',
  '\\bwhen (i|we|you|someone|a person|my|the|he|she|they)\\b',
  '\\b(where|who) (can|do|should|could) (i|we)\\b',
  '\\b(if|whether|instead of|or 119|guideline|guidelines|symptoms|serious enough|how do i know|how can i tell)\\b',
  '\\b(die|dies|died|passes away|passed away|death)\\b',
];

export const EMERGENCY_RULES: EmergencyRule[] = [
  // ---------------------------------------------------------------- crisis
  {
    id: 'suicide',
    kind: 'crisis',
    description: 'wanting to die, suicide, self-harm',
    strip: [
      '(家|自宅|じたく|うち|在宅|病院|びょういん|ホーム|ほーむ|施設|しせつ|畳の上|たたみのうえ|布団の上|ふとんの上|ここ|住み慣れた(家|場所|ところ)|すみなれた(いえ|ばしょ|ところ))で(死に|しに)たい',
      '(ぽっくり|ぽつくり|眠るように|ねむるように|苦しまずに|くるしまずに|安らかに|やすらかに)(死に|しに)たい',
      '\\b(want|wants|wanted|would like|wish) to die (at home|in (my|his|her|their) (own )?(home|house|bed)|peacefully|in (a |the )?hospital|at (the )?hospital|naturally|when the time comes)',
    ],
    ja: [
      '(死に|しに)た(い|く(て|なる|なっ|なり))',
      '(死ん|しん)で(しまい|しまお|しもうた|楽に|らくに|やる|ほしい)',
      '(死ん|しん)だ(ほう|方)が(まし|楽|らく|いい|よい|ええ)',
      '(死の|しの)う(と|か|かな)',
      '(死ぬ|しぬ)(しか|つもり)',
      '(消え|きえ)(たい|てしまいたい|てなくなりたい)',
      '(いなく|居なく)なりたい',
      'もう(生き|いき)て(いけ|いか|られ)(ない|へん|ん)',
      '(自殺|じさつ|自死|自害)',
      '(生き|いき)て(い)?(たくない|いたくない|いても(意味|しかた|仕方))',
      '(生きる|いきる)(の|こと)(が|に)?(つら|辛|疲れ|つかれ|しんど|いや|嫌)',
      '(生きる|いきる)(意味|いみ)(が|も)?(ない|無い|わからな)',
      '(首|くび)(を)?(吊|つ)(る|っ|ろう)',
      '(飛び降り|とびおり)(たい|よう|る)',
      '(りすとかっと|手首を切|てくびをき)',
      '(心中|しんじゅう|一緒に死|いっしょにし(に|の))',
      '(殺|ころ)して(しまいそう|しまうかも|しまいたい|ほしい)',
      '(終わり|おわり)にしたい',
      '人生を(終わら|おわら)',
    ],
    en: [
      '\\b(want|wants|wanted|wanna|going|plan|planning) to die\\b',
      '\\bwish (i|he|she|they) (was|were) dead\\b',
      '\\bkill(ing)? (myself|himself|herself|themselves)\\b',
      '\\bsuicid',
      '\\bend (my|his|her|their) (own )?life\\b',
      '\\bend it all\\b',
      '\\btake (my|his|her) (own )?life\\b',
      '\\bbetter off dead\\b',
      "\\b(don'?t|do not|doesn'?t|does not) want to (live|be alive|go on)( anymore)?\\b",
      '\\bno reason to live\\b',
      '\\bself[- ]?harm',
      '\\b(hurt|cut|hang) (myself|himself|herself)\\b',
    ],
  },
  // ------------------------------------------------------------- emergency
  {
    id: 'not-breathing',
    kind: 'emergency',
    description: 'not breathing, breathing difficulty, no pulse, cardiac arrest',
    ja: [
      '(息|いき)(を|が|は|も)?(し|して|してい|しと|しとら)(ない|なく|ません|ねえ|ねー|へん|ひん|ん(?![でだ]))',
      '(息|いき)(が|も)?(止ま|とま|停止|ない|無い|でき(な|ん|ませ|てな|ていな)|出来(な|ん|ませ)|苦し|くるし|荒|あら|弱|よわ|おかし|変(?![わえ化])|へん(?!か)|浅|あさ|ぜーぜー|ぜいぜい|ひゅー)',
      '(息|いき)(苦し|ぐるし)',
      '(呼吸|こきゅう)(が|を|は|も)?(して(い)?(な|ま)|しな|止ま|とま|停止|ない|無い|でき(な|ん|ませ)|困難|こんなん|苦し|くるし|おかし|弱|よわ|荒|あら|変(?![わえ化])|へん(?!か)|浅|あさ)',
      '(心肺停止|しんぱいていし|心停止|しんていし)',
      '(心臓|しんぞう)(が|は)?(止ま|とま|動いてな|うごいてな|動いていな)',
      '(脈|みゃく)(が|は)?(ない|無い|触れな|ふれな|とれな|取れな|わからな)',
      '(ちあのーぜ|唇が(紫|むらさき|青)|くちびるが(紫|むらさき|青))',
    ],
    en: [
      "\\b(not|isn'?t|is not|wasn'?t|stopped|stop|no|barely) breathing\\b",
      "\\b(can'?t|cannot|can not|unable to|struggling to|couldn'?t) (breathe|breath)\\b",
      '\\b(trouble|difficulty|difficult|hard|problem) (breathing|to breathe)\\b',
      '\\bshort(ness)? of breath\\b',
      '\\bgasping\\b',
      '\\bno pulse\\b',
      '\\bheart (has )?stopped\\b',
      '\\bcardiac arrest\\b',
      '\\b(turning|turned|lips are|lips turned) blue\\b',
    ],
  },
  {
    id: 'unconscious',
    kind: 'emergency',
    description: 'unconscious, not responding',
    ja: [
      '(意識|いしき)(が|は|も)?(ない|無い|なく|ありません|不明|ふめい|低下|もうろう|朦朧|遠|とお|失|うしな|おかし|変|へん|戻らな|もどらな|はっきりしな|混濁)',
      '(反応|はんのう)(が|は|も)?(ない|無い|なく|しな|しません|ありません|鈍|にぶ|薄|うす|おかし)',
      '(呼びかけ|よびかけ|呼ん|よん|声をかけ|こえをかけ|話しかけ|はなしかけ|ゆすっ|揺すっ|揺らし|ゆらし|たたい|叩い|つねっ|起こし|おこし)(て|で)?(も|に|ても)?.{0,6}(反応|はんのう|返事|へんじ|応答|答え|こたえ|起き|おき|目を(開け|あけ|覚ま|さま))(が|も|を)?(ない|なく|しな|ありません|ません|せん|ねえ|へん|ひん|ん)',
      '(目を|めを)(覚まさ|さまさ|開けな|あけな)(ない|なく|ん)',
      '(目が|めが)(覚めな|さめな)',
      '(気を失|きをうしな|気絶|きぜつ|失神|しっしん|卒倒|意識消失|意識を失)',
      '(白目|しろめ)(を)?(むい|剥い|むく)',
      '(返事|へんじ)(が|も|を)?(ない|無い|なく|しな|しません|ありません|せん|ねえ|へん|ひん)',
      `${PERSON}(が|は|も)(全然|ぜんぜん|まったく|全く|ぴくりとも|ピクリとも)?(動か|うごか)(ない|なく|ん|へん|ひん)`,
      '(全然|ぜんぜん|まったく|全く)(動か|うごか|起き|おき)(ない|なく|ん|へん|ひん)',
      '(いびき|鼾).{0,10}(起き|おき|目を覚ま|めをさま|反応|はんのう|返事|へんじ)',
      '(体|からだ|全身|ぜんしん)(が)?(冷たく|つめたく|冷た|つめた)',
      `${PERSON}(が|は|も)(冷たく|つめたく)(なって|なっと)`,
      '(起きない|おきない|起きん|おきん|起きへん|おきへん).{0,4}(冷たい|つめたい)',
      '(死んで|しんで)(る|いる|います)(かも|みたい|よう|っぽい|!|！|\\?|？|$)',
      '(冷や汗|ひやあせ|冷汗)',
      '(顔|かお)(色|いろ)?(が)?(真っ青|まっさお|真っ白|まっしろ|土気色|つちけいろ)',
    ],
    en: [
      '\\b(unconscious|unresponsive|not conscious|semi-?conscious)\\b',
      "\\b(not|isn'?t|is not|won'?t|doesn'?t|does not|stopped) respond(ing)?\\b",
      '\\bno response\\b',
      '\\b(lost|losing) consciousness\\b',
      '\\b(passed|blacked) out\\b',
      '\\bfainted\\b',
      "\\b(won'?t|can'?t|cannot|couldn'?t|not) wak(e|ing)( (him|her|them|my \\w+))?( up)?\\b",
      "\\b(he|she|they|dad|mum|mom|father|mother)( is|'s| might be| may be| looks) dead\\b",
      '\\bcold (sweat|and clammy)\\b',
    ],
  },
  {
    id: 'limp',
    kind: 'emergency',
    description: 'limp, not moving',
    unless: ['(疲れ|つかれ|介護|かいご)'],
    ja: ['(ぐったり|ぐにゃり|ぴくりとも|ピクリとも)'],
    en: ['\\b(limp|not moving|motionless|lifeless)\\b'],
  },
  {
    id: 'collapsed',
    kind: 'emergency',
    description: 'collapsed',
    unless: [PAST_OR_PAPERWORK, `(倒れ|たおれ)${HYPOTHETICAL}`, '(倒れ|たおれ)(ても|ない|ません|にく|そう|やす)'],
    ja: ['(倒れ|たおれ|崩れ落ち|くずれおち|卒倒)'],
    en: ['\\bcollaps(e|ed|es|ing)\\b', '\\bkeeled over\\b', '\\b(found|lying|lay) (him|her|them|my \\w+|\\w+)? ?on the floor\\b'],
  },
  {
    id: 'chest-pain',
    kind: 'emergency',
    description: 'chest pain, heart attack',
    ja: [
      '(胸|むね)(が|の|も|は|を)?(痛|いた|苦し|くるし|締め付け|しめつけ|締めつけ|圧迫|あっぱく|押さえつけ|おさえつけ|押しつぶ|おしつぶ|重苦し|おもくるし|焼け|やけ|ぎゅ)',
      '(心筋梗塞|しんきんこうそく|心臓発作|しんぞうほっさ|大動脈解離|だいどうみゃくかいり)(かも|では|みたい|の(よう|疑い|うたがい|症状)|っぽい|を起こ|をおこ|になった|です)',
      '(心臓|しんぞう)(が|の|は)?(痛|いた|苦し|くるし)',
    ],
    en: [
      '\\bchest (pain|pains|hurts|hurting|is hurting|tight|tightness|pressure|discomfort)\\b',
      '\\bpain in (my|his|her|their|the) chest\\b',
      '\\b(tight|crushing|heavy) chest\\b',
      '\\bheart attack\\b',
    ],
  },
  {
    id: 'stroke',
    kind: 'emergency',
    description: 'stroke signs: slurred speech, one-sided paralysis, face drooping, sudden severe headache',
    ja: [
      '(ろれつ|呂律)',
      '(片方|かたほう|片側|かたがわ|半身|はんしん|片手|かたて|片足|かたあし|右半身|左半身|右手|左手|右足|左足|右側|左側|右の(手|足|腕)|左の(手|足|腕)|みぎて|ひだりて|みぎあし|ひだりあし)(の)?(手足|てあし|手|て|足|あし|腕|うで)?(が|も)?(動か|うごか|しびれ|痺れ|麻痺|まひ|力が入ら|ちからがはいら|だらん|上がら|あがら)',
      '(顔|かお)(の)?(半分|片側|片方|かたがわ|かたほう|右|左|みぎ|ひだり)?(が)?(ゆが|歪|下が|さが|垂れ|たれ|麻痺|まひ|動かな|うごかな)',
      '(口|くち)(元|もと)?(が|の)?(ゆが|歪|曲が|まが|垂れ|たれ)',
      '(口角|こうかく)(が)?(下が|さが|垂れ|たれ)',
      '(急に|きゅうに|突然|とつぜん|いきなり).{0,12}(話せな|はなせな|しゃべれな|喋れな|言葉が|ことばが|話し方が|はなしかたが|歩けな|あるけな|立てな|たてな|見えな|みえな|二重に見|にじゅうにみ|動かな|うごかな|力が入らな|ちからがはいらな|頭が(痛|いた)|頭痛|ずつう|めまい|目まい)',
      '(脳梗塞|のうこうそく|脳卒中|のうそっちゅう|脳出血|のうしゅっけつ|くも膜下|くもまくか)(かも|では|みたい|の(よう|疑い|うたがい|症状)|っぽい|を起こ|をおこ|になった(みたい|かも)|が起き)',
      '(舌|した)(が)?(もつれ|回らな|まわらな)',
      '^(?=.*(急に|きゅうに|突然|とつぜん|いきなり)).*(言葉|ことば|話|はなし)(が|も)?(うまく|上手く|ちゃんと)?(出な|でな|出てこな|でてこな|出ていな)',
      '(手足|てあし|手|足|腕|うで)(が|に)?(しびれ|痺れ).{0,6}(動か|うごか|力|ちから)',
      '(手足|てあし|手|足|腕|うで)(に|が)(力|ちから)(が)?(入らな|はいらな)',
      '(しゃべり方|喋り方|しゃべりかた|話し方|はなしかた)(が)?(おかし|変|へん|あやし|怪し)',
      '(激しい|はげしい|割れるような|われるような|ひどい|突然の|とつぜんの|経験したことのない|今までにない|いままでにない)(頭痛|頭の痛み|ずつう|あたまのいたみ)',
    ],
    en: [
      '\\bslurr',
      '\\b(face|mouth|smile) (is |was )?(droop|drooping|drooped|lopsided|twisted)\\b',
      '\\b(facial|face) droop',
      '\\bone side of (his|her|my|their|the) (face|body|mouth)\\b',
      "\\b(can'?t|cannot|unable to) (move|lift|feel) (his|her|my|their) (left|right|arm|leg|hand)",
      '\\b(left|right) side (is |went |has gone )?(weak|numb|paraly)',
      "\\bsudden(ly)? (numbness|weakness|confusion|trouble (speaking|seeing|walking)|can'?t (speak|talk|see|walk)|severe headache)",
      '\\bworst headache\\b',
      '\\bdroop',
      "\\b(can'?t|cannot|unable to|couldn'?t) (talk|speak) (properly|clearly|normally|right)\\b",
      '\\bstroke\\b',
    ],
    unless: ['\\b(had|has had|after|since|from|following|recovering from) (a |his |her |the |my )?stroke\\b', '\\bstroke (last|in|years|months|ago)\\b'],
  },
  {
    id: 'bleeding',
    kind: 'emergency',
    description: 'heavy bleeding, vomiting or coughing blood',
    ja: [
      '(血|ち)(が|も)?(止まら|とまら|止まりませ|とまりませ|止まん|とまん|どくどく|ドクドク|だらだら|噴き|ふき|吹き|あふれ|溢れ|いっぱい|たくさん|大量)',
      '(出血|しゅっけつ)(が|は)?(止まら|とまら|多|おお|ひど|大量|たいりょう|続|つづ|している|してる)',
      '(大量|たいりょう)(に|の)?(出血|しゅっけつ|の血|のち)',
      '(大出血|血だらけ|血まみれ|ちだらけ|ちまみれ|血の海)',
      '(すごい|すごく|大量|たいりょう|たくさん|いっぱい|ものすごい)(の)?(量の|りょうの)?(血|出血|しゅっけつ)',
      '(吐血|とけつ|喀血|かっけつ|下血|げけつ)',
      '(血|ち)を(吐|は)(い|く|きま)',
      '(鼻血|はなぢ)(が)?(止まら|とまら)',
    ],
    en: [
      "\\bbleeding (heavily|a lot|badly|profusely|won'?t stop|will not stop|that won'?t stop|non-?stop|everywhere)\\b",
      '\\b(heavy|severe|serious|lots of|a lot of) bleeding\\b',
      "\\b(won'?t|will not|doesn'?t|does not) stop bleeding\\b",
      "\\b(can'?t|cannot|couldn'?t) stop (the |his |her )?bleeding\\b",
      '\\b(lots of|so much|a lot of|pool of) blood\\b',
      '\\bblood everywhere\\b',
      '\\blosing (a lot of )?blood\\b',
      '\\b(vomiting|throwing up|coughing|coughed|vomited|threw up) (up )?blood\\b',
      '\\bspurting\\b',
    ],
  },
  {
    id: 'choking',
    kind: 'emergency',
    description: 'choking (food, mochi), airway blocked',
    unless: ['(ないよう|ないため|ない様|予防|よぼう|防止|ぼうし|防ぐ|ふせぐ|防げ|ふせげ|工夫|くふう|対策|たいさく|やすい|がち)', '\\b(prevent|avoid|reduce the risk|risk of)\\b'],
    ja: [
      '(喉|のど|咽)(に|を|が|で)?.{0,6}(詰|つま|つっかえ|つかえ|ふさ|塞)',
      '(窒息|ちっそく)',
      '(餅|もち|おもち|お餅|だんご|団子|こんにゃく|飴|あめ|パン|ぱん|肉|にく|食べ物|たべもの|ご飯|ごはん|食事|しょくじ)(を|が)?(喉|のど)?(に)?(詰|つま)',
      '(詰|つま)らせ(た|て|ちゃ|まし)',
      '(誤嚥|ごえん)(し(た|て|ちゃ|まし))',
    ],
    en: [
      '\\bchok(e|es|ed|ing)\\b',
      '\\b(stuck|lodged) in (his|her|my|their|the) (throat|windpipe|airway)\\b',
      '\\b(food|mochi|rice cake) (is |got )?stuck\\b',
      '\\bairway (is )?block',
      '\\bheimlich\\b',
    ],
  },
  {
    id: 'convulsions',
    kind: 'emergency',
    description: 'convulsions, seizure',
    ja: [
      '(けいれん|痙攣|ひきつけ|引きつけ|引き付け|ひきつって|引きつって|ひきつっ)',
      '(発作|ほっさ)(が|を)?(起き|おき|起こ|おこ|止まら|とまら|続|つづ|出|で)',
      '(泡|あわ)を(吹|ふ)',
    ],
    en: ['\\bseizur', '\\bseizing\\b', '\\bconvuls', '\\b(fitting|having a fit)\\b', '\\bepileptic\\b', '\\bfoaming at the mouth\\b', '\\beyes (rolled|rolling) back\\b'],
  },
  {
    id: 'burn',
    kind: 'emergency',
    description: 'burns, fire',
    unless: ['(軽い|かるい|小さな|ちいさな|ちょっとした|ちょっと|予防|よぼう|防止|ぼうし|ないよう|気をつけ|きをつけ|(やけど|火傷)の(跡|あと|痕))', '\\b(burn(ed|t)? out|burnout|heartburn|minor burn|prevent)'],
    ja: [
      '(火傷|熱傷|ねっしょう|大やけど|おおやけど)',
      // hiragana やけど only as a noun / verb (Kansai 「〜んやけど」 means "but")
      '(?<![んだのや])やけど(を|が|し|の|で|み|は|させ|ひど|!|\\?|？|$)',
      '(服|ふく|衣服|着物|きもの|髪|かみ|袖|そで|パジャマ|ぱじゃま)(に|が)?(火|ひ)(が)?(つい|付い|燃え|もえ|うつ|移)',
      '(燃えて|もえて)(いる|る|います)',
      '(熱湯|ねっとう|お湯|おゆ|熱い湯|油|あぶら|鍋|なべ|やかん|味噌汁|みそしる)(を|が)?.{0,6}(かぶ|被|浴び|あび|こぼ|かか)(っ|り|れ|せ|し)',
      '(火事|かじだ|かじです|煙を吸|けむりをす)',
    ],
    en: ['\\bburn(s|ed|t)?\\b', '\\bscald(ed|ing)?\\b', '\\b(caught|on) fire\\b', '\\bsmoke inhalation\\b'],
  },
  {
    id: 'fall',
    kind: 'emergency',
    description: 'serious fall: head injury, cannot get up, bleeding, fracture',
    unless: [PAST_OR_PAPERWORK],
    ja: [
      '(転倒|てんとう|転ん|ころん|転げ|ころげ|転落|てんらく|落ち|おち|こけ|尻もち|しりもち|踏み外|ふみはず|滑っ|すべっ|倒れ|たおれ).{0,20}((頭|あたま|顔|かお)(を|が)?(打|うっ|うち|ぶつけ|強打|切)|(起き上がれ|おきあがれ|起きあがれ|立ち上がれ|たちあがれ|立てな|たてな|動けな|うごけな|動かせな|うごかせな|歩けな|あるけな)|(血|ち)(が)?(出|で|止ま|とま)|出血|しゅっけつ|骨折|こっせつ|折れ|おれ(た|て)|変な方向|へんなほうこう|痛がっ|いたがっ|意識|いしき)',
      '(頭|あたま)(を)?(強く|つよく|思いきり|おもいきり)?(打っ|うっ|打ち|ぶつけ|強打|きょうだ)',
      '(頭|あたま)から(血|ち)',
      '(階段|かいだん|屋根|やね|はしご|梯子|脚立|きゃたつ|ベランダ|二階|2階)(から|で)(落ち|おち|転落|てんらく|転げ|ころげ|転ん|ころん|落下)',
    ],
    en: [
      '\\b(fell|fallen|fall|falls|tripped|slipped)\\b.{0,40}\\b(hit|bang|banged|bumped|struck|hurt) (his|her|my|their|the) head\\b',
      '\\b(hit|banged|bumped|struck) (his|her|my|their) head\\b',
      '\\bhead (injury|wound)\\b',
      "\\b(fell|fallen|fall|falls|tripped|slipped)\\b.{0,40}\\b(can'?t|cannot|unable to|won'?t|couldn'?t) (get up|stand|move|walk)\\b",
      '\\b(fell|fallen|fall|tripped|slipped)\\b.{0,40}\\b(bleeding|blood|broken|broke|fracture)',
    ],
  },
  {
    id: 'overdose-poison',
    kind: 'emergency',
    description: 'overdose, swallowed pills or poison',
    unless: ['(ないよう|ないため|予防|よぼう|防止|ぼうし|防ぐ|ふせぐ|対策|気をつけ)', '\\b(prevent|avoid)\\b'],
    ja: [
      '(薬|くすり|錠|じょう|睡眠|すいみん|眠剤|みんざい).{0,12}(大量|たいりょう|たくさん|いっぱい|全部|ぜんぶ|まとめて|一度に|いちどに|一気に|いっきに|多め|おおめ|何錠|なんじょう|何日分|なんにちぶん|余分|よぶん|二回分|2回分|倍).{0,6}(飲|の)(ん|み|ま)',
      '(大量|たいりょう|たくさん|いっぱい|全部|ぜんぶ|まとめて|一度に|いちどに|一気に|いっきに).{0,6}(薬|くすり|錠|じょう).{0,4}(飲|の)(ん|み|ま)',
      '(薬|くすり|錠|じょう|睡眠|すいみん).{0,12}(飲|の)み(すぎ|過ぎ)(た(?!り)|て(しま|しも|ちゃ)|ちゃ|まし)',
      '(過量服薬|かりょうふくやく|大量服薬|たいりょうふくやく|おーばーどーず|odし|odした)',
      '(洗剤|せんざい|漂白剤|ひょうはくざい|農薬|のうやく|殺虫剤|さっちゅうざい|灯油|とうゆ|毒|どく|電池|でんち|乾燥剤|かんそうざい|たばこ|煙草|除草剤|じょそうざい|防虫剤|ぼうちゅうざい|洗浄剤|せんじょうざい|消毒液|しょうどくえき|はいたー|かびきらー|薬品|やくひん)(を|が)?.{0,6}(飲|の|食べ|たべ|口に入れ|くちにいれ|なめ|舐め)(ん|み|ま|た|て|ちゃ|べ|っ)',
      '(誤飲|ごいん|誤食|ごしょく)',
      '(間違え|まちがえ|誤っ|あやまっ)て.{0,8}(飲|の|食べ|たべ)(ん|み|ま|た|て|ちゃ|べ)',
      '(中毒|ちゅうどく)(になっ|かも|の症状|みたい|を起こ)',
      '(一酸化炭素|いっさんかたんそ)',
    ],
    en: [
      '\\boverdos',
      '\\btoo many (of )?(his |her |my |their |the )?(pills|tablets|sleeping|medicine|medication|meds|painkillers)',
      '\\b(took|swallowed|taken|has taken|ate) (all|a whole|the whole|an entire|a bottle|a packet|a box)\\b.{0,20}(pills|tablets|medicine|medication|meds|bottle|packet)',
      '\\b(swallowed|drank|drunk|ate|eaten) (some |the |a )?(bleach|poison|detergent|battery|button battery|antifreeze|kerosene|pesticide|cleaning|cleaner|weed ?killer)',
      '\\bpoison(ed|ing)?\\b',
      '\\bcarbon monoxide\\b',
    ],
  },
  {
    id: 'drowning',
    kind: 'emergency',
    description: 'drowning (bath, water)',
    ja: [
      '(溺れ|おぼれ|溺水|できすい)',
      '(風呂|ふろ|浴槽|よくそう|湯船|ゆぶね|浴室|よくしつ|湯舟|ぷーる|プール|川|かわ|池|いけ|海|うみ).{0,10}(沈ん|しずん|浮い|うい(て|た)|顔をつけ|顔がつか|頭まで|あたままで|意識|いしき|ぐったり|動かな|うごかな|反応|はんのう|倒れ|たおれ|溺|おぼ)',
    ],
    en: ['\\bdrown', '\\bface down in (the )?(bath|water|tub|bathtub|pool)\\b', '\\b(found|collapsed|unconscious|unresponsive|slumped|passed out) in the (bath|tub|bathtub|pool|water)\\b'],
  },
  {
    id: 'sudden-change',
    kind: 'emergency',
    description: 'sudden serious change in a person’s condition',
    unless: [HYPOTHETICAL, '(なったら|なった(とき|時|場合|際)|なる(とき|時|場合|前)|したら)', PAST_OR_PAPERWORK],
    ja: [
      '(急変|きゅうへん)(し(た|て|ま)|です|だ|!|\\?|？|$)',
      '(急に|きゅうに|突然|とつぜん).{0,10}(具合|ぐあい|様子|ようす|容体|容態|ようだい|顔色|かおいろ)(が)?(おかし|変|へん|悪|わる)',
      '(具合|ぐあい|様子|ようす|容体|容態|ようだい)(が)?(急に|きゅうに|突然|とつぜん).{0,6}(おかし|変|へん|悪|わる)',
    ],
    en: ['\\b(suddenly|all of a sudden) (got |became |is |went )?(much )?(worse|unwell|very ill|pale|grey|gray)\\b', '\\btook a (sudden )?turn for the worse\\b'],
  },
  {
    id: 'ambulance-now',
    kind: 'emergency',
    description: 'asks for an ambulance / 119 now (「救急車呼んで」「救急車呼んだほうがいい?」)',
    planning: true,
    ja: [
      '(救急車|きゅうきゅうしゃ|きゅーきゅーしゃ|119|一一九|ひゃくじゅうきゅう)(番|ばん)?(を|に|が|は)?(呼|よ|来|き|お願|おねが|頼|たの|要|い(る|り)|必要|ひつよう|した(方|ほう)|すべき|するべき|して|電話|でんわ|かけ|!|！|\\?|？|$)',
      '^(救急車|きゅうきゅうしゃ|119)',
      '(救急です|きゅうきゅうです)',
    ],
    en: [
      "\\b(call|get|send|need|want|ring|phone|dial|calling) (for )?(an |the |a )?(ambulance|119|911|999)\\b",
      '\\bambulance( now| please)?[!?.]*$',
      '^(ambulance|119)\\b',
      '\\bcall (the )?emergency services\\b',
    ],
  },
  {
    id: 'help-now',
    kind: 'emergency',
    description: 'a cry for help',
    unless: ['(助けて|たすけて)(ほし|欲し|もら|くれ|くだ|いただ)', '(助け|たすけ)(になる|合|あい)'],
    ja: ['(誰か|だれか)?(助けて|たすけて)(!|！|$)', '(誰か|だれか)(助けて|たすけて)'],
    en: ['^help[!.]*$', '\\b(somebody|someone|anybody|anyone) help\\b', '\\bhelp!'],
  },
];

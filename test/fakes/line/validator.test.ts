import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { messagingApi } from '@line/bot-sdk';
import { LINE_LIMITS } from '../../../src/line/limit-values.ts';
import {
  LINE_SCHEMA,
  findLineOperation,
  imageSize,
  validateLineRequest,
  validateMessage,
  validateMessages,
  type LineViolation,
} from '../../../fakes/line/validator.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
const reply = (messages: unknown[]) => validateLineRequest('POST', '/v2/bot/message/reply', JSON_HEADERS, { replyToken: 'tok', messages });
const paths = (vs: LineViolation[]) => vs.map((v) => v.path);

const text = (t: string, extra: Partial<messagingApi.TextMessage> = {}): messagingApi.TextMessage => ({ type: 'text', text: t, ...extra });
const postback = (label: string, data = 'a=1'): messagingApi.PostbackAction => ({ type: 'postback', label, data, displayText: label });
const qrItem = (label: string): messagingApi.QuickReplyItem => ({ type: 'action', action: postback(label) });

const bubble = (body = 'hello'): messagingApi.FlexBubble => ({
  type: 'bubble',
  hero: { type: 'image', url: 'https://example.com/a.png', size: 'full', aspectRatio: '20:13', aspectMode: 'cover' },
  body: {
    type: 'box',
    layout: 'vertical',
    spacing: 'sm',
    contents: [
      { type: 'text', text: body, weight: 'bold', size: 'xl', wrap: true },
      { type: 'separator', margin: 'md' },
      {
        type: 'box',
        layout: 'baseline',
        contents: [
          { type: 'icon', url: 'https://example.com/i.png' },
          { type: 'text', text: 'x', flex: 0 },
        ],
      },
      {
        type: 'text',
        contents: [
          { type: 'span', text: 'bold', weight: 'bold' },
          { type: 'span', text: ' plain' },
        ],
      },
    ],
  },
  footer: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'button', style: 'primary', action: { type: 'uri', label: 'Open', uri: 'https://example.com' } },
      { type: 'button', style: 'link', action: postback('詳しく見る') },
      { type: 'filler' },
    ],
  },
});

const GOOD: Record<string, messagingApi.Message> = {
  text: text('こんにちは 🍎', { quickReply: { items: [qrItem('はい'), qrItem('いいえ'), { type: 'action', action: { type: 'camera', label: 'Camera' } }] } }),
  sticker: { type: 'sticker', packageId: '446', stickerId: '1988' },
  image: { type: 'image', originalContentUrl: 'https://example.com/o.jpg', previewImageUrl: 'https://example.com/p.jpg' },
  buttons: {
    type: 'template',
    altText: 'menu',
    template: {
      type: 'buttons',
      thumbnailImageUrl: 'https://example.com/t.jpg',
      imageAspectRatio: 'rectangle',
      title: 'Menu',
      text: 'Please select',
      actions: [postback('Buy'), { type: 'message', label: 'Say hi', text: 'hi' }, { type: 'uri', label: 'Call', uri: 'tel:0312345678' }],
    },
  },
  confirm: {
    type: 'template',
    altText: 'confirm',
    template: { type: 'confirm', text: 'Are you sure?', actions: [postback('Yes'), postback('No')] },
  },
  carousel: {
    type: 'template',
    altText: 'carousel',
    template: {
      type: 'carousel',
      columns: [
        { title: 'A', text: 'first', actions: [postback('Pick A')] },
        { title: 'B', text: 'second', actions: [postback('Pick B')] },
      ],
    },
  },
  flexBubble: { type: 'flex', altText: 'card', contents: bubble() },
  flexCarousel: { type: 'flex', altText: 'cards', contents: { type: 'carousel', contents: [bubble('1'), bubble('2')] } },
};

describe('validateLineRequest: accepts good requests', () => {
  it.each(Object.entries(GOOD))('%s message', (_name, message) => {
    expect(reply([message])).toEqual([]);
  });

  it('five messages of mixed types in one push with a UUID retry key', () => {
    const v = validateLineRequest(
      'POST',
      'https://api.line.me/v2/bot/message/push',
      { ...JSON_HEADERS, 'X-Line-Retry-Key': '123e4567-e89b-12d3-a456-426614174000' },
      { to: 'U1234', messages: [GOOD.text, GOOD.sticker, GOOD.image, GOOD.confirm, GOOD.flexBubble] },
    );
    expect(v).toEqual([]);
  });

  it('multicast, broadcast, narrowcast', () => {
    expect(validateLineRequest('POST', '/v2/bot/message/multicast', JSON_HEADERS, { to: ['U1', 'U2'], messages: [GOOD.text] })).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/message/broadcast', JSON_HEADERS, { messages: [GOOD.text] })).toEqual([]);
    expect(
      validateLineRequest('POST', '/v2/bot/message/narrowcast', JSON_HEADERS, { messages: [GOOD.text], recipient: { type: 'audience', audienceGroupId: 1 } }),
    ).toEqual([]);
  });

  it('loading animation, mark as read', () => {
    expect(validateLineRequest('POST', '/v2/bot/chat/loading/start', JSON_HEADERS, { chatId: 'U1', loadingSeconds: 20 })).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/chat/loading/start', JSON_HEADERS, { chatId: 'U1' })).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/chat/markAsRead', JSON_HEADERS, { markAsReadToken: 't' })).toEqual([]);
  });

  it('rich menu create, link, set default, upload', () => {
    const menu: messagingApi.RichMenuRequest = {
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'main',
      chatBarText: 'メニュー',
      areas: [
        { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'menu=faq' } },
        { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'message', text: '相談' } },
      ],
    };
    expect(validateLineRequest('POST', '/v2/bot/richmenu', JSON_HEADERS, menu)).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/user/U1/richmenu/richmenu-1', {}, undefined)).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/user/all/richmenu/richmenu-1', {}, undefined)).toEqual([]);
    const png = pngHeader(2500, 843);
    expect(validateLineRequest('POST', 'https://api-data.line.me/v2/bot/richmenu/richmenu-1/content', { 'content-type': 'image/png' }, png)).toEqual([]);
    expect(findLineOperation('POST', '/v2/bot/user/all/richmenu/x')?.operationId).toBe('setDefaultRichMenu');
    expect(findLineOperation('GET', '/v2/bot/richmenu/list')?.operationId).toBe('getRichMenuList');
  });

  it('headers are optional (undefined skips the header checks) and a JSON string body is parsed', () => {
    expect(validateLineRequest('POST', '/v2/bot/message/reply', undefined, JSON.stringify({ replyToken: 't', messages: [GOOD.text] }))).toEqual([]);
  });
});

describe('validateLineRequest: rejects each limit violation', () => {
  it('6 messages', () => {
    const v = reply(Array.from({ length: 6 }, () => text('x')));
    expect(v).toEqual([{ path: 'messages', message: 'must have at most 5 items, got 6' }]);
  });

  it('0 messages', () => {
    expect(paths(reply([]))).toEqual(['messages']);
  });

  it('text of 5001 UTF-16 units, where an emoji counts 2', () => {
    expect(reply([text('a'.repeat(5000))])).toEqual([]);
    expect(paths(reply([text('a'.repeat(5001))]))).toEqual(['messages[0].text']);
    // 4999 + 🍎 (2 units) = 5001 units although it is 5000 code points
    const v = reply([text(`${'a'.repeat(4999)}🍎`)]);
    expect(v).toEqual([{ path: 'messages[0].text', message: 'must be at most 5000 UTF-16 code units, got 5001' }]);
  });

  it('empty text', () => {
    expect(reply([text('')])).toEqual([{ path: 'messages[0].text', message: 'must not be empty' }]);
  });

  it('14 quick reply items', () => {
    const items = Array.from({ length: 14 }, (_, i) => qrItem(`opt ${i}`));
    expect(reply([text('q', { quickReply: { items } })])).toEqual([{ path: 'messages[0].quickReply.items', message: 'must have at most 13 items, got 14' }]);
  });

  it('a 21-character quick reply label (labels count grapheme clusters)', () => {
    expect(reply([text('q', { quickReply: { items: [qrItem('あ'.repeat(20))] } })])).toEqual([]);
    expect(reply([text('q', { quickReply: { items: [qrItem('👨‍👩‍👧'.repeat(20))] } })])).toEqual([]);
    expect(reply([text('q', { quickReply: { items: [qrItem('a'.repeat(21))] } })])).toEqual([
      { path: 'messages[0].quickReply.items[0].action.label', message: 'must be at most 20 characters, got 21' },
    ]);
  });

  it('a quick reply action without a label', () => {
    const items = [{ type: 'action', action: { type: 'message', text: 'hi' } }];
    expect(paths(reply([text('q', { quickReply: { items } } as never)]))).toEqual(['messages[0].quickReply.items[0].action.label']);
  });

  it('301-character postback data', () => {
    const m = text('q', { quickReply: { items: [{ type: 'action', action: postback('ok', 'd'.repeat(301)) }] } });
    expect(reply([m])).toEqual([{ path: 'messages[0].quickReply.items[0].action.data', message: 'must be at most 300 UTF-16 code units, got 301' }]);
  });

  it('postback displayText over 300, and displayText with text', () => {
    const a = { type: 'postback', label: 'l', data: 'd', displayText: 'x'.repeat(301) };
    const b = { type: 'postback', label: 'l', data: 'd', displayText: 'x', text: 'y' };
    const v = reply([{ type: 'template', altText: 'a', template: { type: 'confirm', text: 't', actions: [a, b] } }]);
    expect(paths(v)).toEqual(['messages[0].template.actions[0].displayText', 'messages[0].template.actions[1].displayText']);
  });

  it('message action text over 300 and uri over 1000 or with a bad scheme', () => {
    const actions = [
      { type: 'message', label: 'm', text: 'x'.repeat(301) },
      { type: 'uri', label: 'u', uri: `https://example.com/${'a'.repeat(1000)}` },
      { type: 'uri', label: 'j', uri: 'javascript:alert(1)' },
    ];
    const v = reply([{ type: 'template', altText: 'a', template: { type: 'buttons', text: 't', actions } }]);
    expect(paths(v)).toEqual(['messages[0].template.actions[0].text', 'messages[0].template.actions[1].uri', 'messages[0].template.actions[2].uri']);
  });

  it('an oversized Flex bubble (> 30 KB JSON)', () => {
    const big = bubble('x'.repeat(31_000));
    const v = reply([{ type: 'flex', altText: 'big', contents: big }]);
    expect(paths(v)).toEqual(['messages[0].contents']);
    expect(v[0]!.message).toMatch(/^JSON must be at most 30000 bytes/);
  });

  it('a Flex carousel over 50 KB although each bubble is under 30 KB', () => {
    const v = reply([
      {
        type: 'flex',
        altText: 'big',
        contents: { type: 'carousel', contents: [bubble('x'.repeat(20_000)), bubble('y'.repeat(20_000)), bubble('z'.repeat(20_000))] },
      },
    ]);
    expect(paths(v)).toEqual(['messages[0].contents']);
  });

  it('13 bubbles in a Flex carousel', () => {
    const v = reply([{ type: 'flex', altText: 'many', contents: { type: 'carousel', contents: Array.from({ length: 13 }, (_, i) => bubble(String(i))) } }]);
    expect(v).toEqual([{ path: 'messages[0].contents.contents', message: 'must have at most 12 items, got 13' }]);
  });

  it('altText over 1500 (Flex) and over 400 (template), or missing', () => {
    expect(paths(reply([{ ...GOOD.flexBubble, altText: 'a'.repeat(1501) }]))).toEqual(['messages[0].altText']);
    expect(reply([{ ...GOOD.flexBubble, altText: 'a'.repeat(1500) }])).toEqual([]);
    expect(paths(reply([{ ...GOOD.confirm, altText: 'a'.repeat(401) }]))).toEqual(['messages[0].altText']);
    const { altText: _drop, ...noAlt } = GOOD.flexBubble as messagingApi.FlexMessage;
    expect(reply([noAlt])).toEqual([{ path: 'messages[0].altText', message: 'required' }]);
  });

  it('buttons template: 5 actions, 41-char title, text over 60 with a title / over 160 without', () => {
    const acts = Array.from({ length: 5 }, (_, i) => postback(`b${i}`));
    expect(paths(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', text: 't', actions: acts } }]))).toEqual([
      'messages[0].template.actions',
    ]);
    expect(
      paths(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', title: 'T'.repeat(41), text: 't', actions: [postback('x')] } }])),
    ).toEqual(['messages[0].template.title']);
    expect(
      paths(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', title: 'T', text: 't'.repeat(61), actions: [postback('x')] } }])),
    ).toEqual(['messages[0].template.text']);
    expect(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', text: 't'.repeat(160), actions: [postback('x')] } }])).toEqual([]);
    expect(paths(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', text: 't'.repeat(161), actions: [postback('x')] } }]))).toEqual([
      'messages[0].template.text',
    ]);
  });

  it('confirm needs exactly 2 actions; carousel columns need the same number of actions', () => {
    expect(paths(reply([{ type: 'template', altText: 'a', template: { type: 'confirm', text: 't', actions: [postback('x')] } }]))).toEqual([
      'messages[0].template.actions',
    ]);
    const columns = [
      { text: 'a', actions: [postback('1')] },
      { text: 'b', actions: [postback('1'), postback('2')] },
    ];
    expect(reply([{ type: 'template', altText: 'a', template: { type: 'carousel', columns } }])).toEqual([
      { path: 'messages[0].template.columns', message: 'every column must have the same number of actions' },
    ]);
  });

  it('missing required fields', () => {
    expect(validateLineRequest('POST', '/v2/bot/message/reply', JSON_HEADERS, { messages: [GOOD.text] })).toEqual([
      { path: 'replyToken', message: 'required' },
    ]);
    expect(paths(validateLineRequest('POST', '/v2/bot/message/push', JSON_HEADERS, { messages: [GOOD.text] }))).toEqual(['to']);
    expect(paths(reply([{ type: 'text' }]))).toEqual(['messages[0].text']);
    expect(paths(reply([{ type: 'sticker', packageId: '1' }]))).toEqual(['messages[0].stickerId']);
    expect(paths(reply([{ type: 'image', originalContentUrl: 'https://e.com/a.jpg' }]))).toEqual(['messages[0].previewImageUrl']);
    expect(paths(reply([{ type: 'flex', altText: 'a', contents: { type: 'bubble', body: { type: 'box', layout: 'vertical' } } }]))).toEqual([
      'messages[0].contents.body.contents',
    ]);
    expect(paths(reply([{ type: 'template', altText: 'a', template: { type: 'buttons', text: 't', actions: [{ type: 'postback', label: 'l' }] } }]))).toEqual([
      'messages[0].template.actions[0].data',
    ]);
    expect(
      paths(
        reply([
          {
            type: 'flex',
            altText: 'a',
            contents: {
              type: 'bubble',
              body: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'uri', uri: 'https://e.com' } }] },
            },
          },
        ]),
      ),
    ).toEqual(['messages[0].contents.body.contents[0].action.label']);
  });

  it('wrong enum values and types', () => {
    expect(reply([{ type: 'txt', text: 'hi' }])[0]).toMatchObject({ path: 'messages[0].type', message: expect.stringMatching(/^must be one of: text, /) });
    expect(paths(reply([{ type: 'flex', altText: 'a', contents: { type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: [] } } }]))).toEqual([
      'messages[0].contents.body.layout',
    ]);
    expect(paths(reply([{ type: 'flex', altText: 'a', contents: { type: 'bubble', size: 'huge' } }]))).toEqual(['messages[0].contents.size']);
    expect(paths(reply([{ type: 'template', altText: 'a', template: { type: 'list', text: 't' } }]))).toEqual(['messages[0].template.type']);
    expect(paths(reply([text('q', { quickReply: { items: [{ type: 'action', action: { type: 'teleport', label: 'x' } }] } } as never)]))).toEqual([
      'messages[0].quickReply.items[0].action.type',
    ]);
    expect(paths(reply([{ type: 'text', text: 42 }]))).toEqual(['messages[0].text']);
    expect(
      paths(reply([{ type: 'flex', altText: 'a', contents: { type: 'carousel', contents: [{ type: 'box', layout: 'vertical', contents: [] }] } }])),
    ).toEqual(['messages[0].contents.contents[0].type']);
  });

  it('camera actions only in quick reply; richmenuswitch only in rich menus', () => {
    const v = reply([
      {
        type: 'template',
        altText: 'a',
        template: {
          type: 'confirm',
          text: 't',
          actions: [
            { type: 'camera', label: 'c' },
            { type: 'richmenuswitch', label: 'r', richMenuAliasId: 'a', data: 'd' },
          ],
        },
      },
    ]);
    expect(paths(v)).toEqual(['messages[0].template.actions[0].type', 'messages[0].template.actions[1].type']);
  });

  it('http image URLs', () => {
    expect(paths(reply([{ type: 'image', originalContentUrl: 'http://e.com/a.jpg', previewImageUrl: 'https://e.com/p.jpg' }]))).toEqual([
      'messages[0].originalContentUrl',
    ]);
  });

  it('multicast to 501 users', () => {
    const to = Array.from({ length: 501 }, (_, i) => `U${i}`);
    expect(validateLineRequest('POST', '/v2/bot/message/multicast', JSON_HEADERS, { to, messages: [GOOD.text] })).toEqual([
      { path: 'to', message: 'must have at most 500 items, got 501' },
    ]);
  });

  it('loadingSeconds outside 5..60 or not a multiple of 5; missing chatId', () => {
    const load = (b: unknown) => validateLineRequest('POST', '/v2/bot/chat/loading/start', JSON_HEADERS, b);
    expect(paths(load({ chatId: 'U1', loadingSeconds: 65 }))).toEqual(['loadingSeconds']);
    expect(paths(load({ chatId: 'U1', loadingSeconds: 0 }))).toEqual(['loadingSeconds']);
    expect(load({ chatId: 'U1', loadingSeconds: 7 })).toEqual([{ path: 'loadingSeconds', message: 'must be a multiple of 5' }]);
    expect(paths(load({ loadingSeconds: 5 }))).toEqual(['chatId']);
  });

  it('rich menu: chatBarText over 14, wrong size, area outside, missing fields', () => {
    const menu = {
      size: { width: 2500, height: 2500 },
      selected: false,
      name: 'n',
      chatBarText: 'x'.repeat(15),
      areas: [{ bounds: { x: 2000, y: 0, width: 1000, height: 100 }, action: { type: 'postback', data: 'a' } }],
    };
    expect(paths(validateLineRequest('POST', '/v2/bot/richmenu', JSON_HEADERS, menu))).toEqual(['chatBarText', 'size', 'areas[0].bounds']);
    expect(paths(validateLineRequest('POST', '/v2/bot/richmenu', JSON_HEADERS, { size: { width: 2500, height: 843 } }))).toEqual([
      'selected',
      'name',
      'chatBarText',
      'areas',
    ]);
  });

  it('rich menu name and chatBarText count grapheme clusters, as LINE counts them', () => {
    const menu = (chatBarText: string) => ({
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'n',
      chatBarText,
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: 'a' } }],
    });
    expect(validateLineRequest('POST', '/v2/bot/richmenu', JSON_HEADERS, menu('👨‍👩‍👧'.repeat(14)))).toEqual([]);
    expect(validateLineRequest('POST', '/v2/bot/richmenu', JSON_HEADERS, menu('👨‍👩‍👧'.repeat(15)))).toEqual([
      { path: 'chatBarText', message: 'must be at most 14 characters, got 15' },
    ]);
  });

  it('carousel columns: a title or an image on every column or on none', () => {
    const columns = [
      { title: 'A', text: 'a', actions: [postback('1')] },
      { text: 'b', actions: [postback('2')] },
    ];
    expect(reply([{ type: 'template', altText: 'a', template: { type: 'carousel', columns } }])).toEqual([
      { path: 'messages[0].template.columns', message: 'title: set it on every column or on none' },
    ]);
  });

  it('rich menu image: wrong type, not an image, too big', () => {
    const url = '/v2/bot/richmenu/r1/content';
    expect(paths(validateLineRequest('POST', url, { 'content-type': 'image/gif' }, pngHeader(10, 10)))).toContain('headers.Content-Type');
    expect(validateLineRequest('POST', url, { 'content-type': 'image/png' }, new Uint8Array([1, 2, 3]))).toEqual([
      { path: '', message: 'image must be a JPEG or PNG' },
    ]);
    const big = new Uint8Array(LINE_LIMITS.richMenuImageBytes + 1);
    big.set(pngHeader(2500, 843));
    expect(paths(validateLineRequest('POST', url, { 'content-type': 'image/png' }, big))).toEqual(['']);
  });

  it('headers: Content-Type must be JSON; retry key must be a UUID', () => {
    expect(validateLineRequest('POST', '/v2/bot/message/push', { 'content-type': 'text/plain' }, { to: 'U1', messages: [GOOD.text] })).toEqual([
      { path: 'headers.Content-Type', message: 'must be application/json' },
    ]);
    expect(
      paths(validateLineRequest('POST', '/v2/bot/message/push', { ...JSON_HEADERS, 'x-line-retry-key': 'retry-1' }, { to: 'U1', messages: [GOOD.text] })),
    ).toEqual(['headers.X-Line-Retry-Key']);
  });

  it('unknown endpoints and methods', () => {
    expect(validateLineRequest('POST', '/v2/bot/message/replies', JSON_HEADERS, {})).toEqual([
      { path: '', message: 'unknown endpoint POST /v2/bot/message/replies' },
    ]);
    expect(validateLineRequest('GET', '/v2/bot/message/reply', {}, undefined)).toEqual([
      { path: '', message: 'method GET is not allowed on /v2/bot/message/reply' },
    ]);
    expect(paths(validateLineRequest('POST', '/v2/bot/message/reply', JSON_HEADERS, '{not json'))).toEqual(['']);
  });
});

describe('validateMessage / validateMessages', () => {
  it('check rendered messages without a request around them', () => {
    expect(validateMessage(GOOD.flexCarousel)).toEqual([]);
    expect(validateMessage({ type: 'text', text: '' }, 'reply[0]')).toEqual([{ path: 'reply[0].text', message: 'must not be empty' }]);
    expect(validateMessages([GOOD.text, GOOD.sticker])).toEqual([]);
    expect(paths(validateMessages(Array.from({ length: 6 }, () => GOOD.text)))).toEqual(['messages']);
  });
});

describe('helpers', () => {
  it('read the size of a PNG or JPEG image', () => {
    expect(imageSize(pngHeader(2500, 1686))).toEqual({ width: 2500, height: 1686 });
    expect(imageSize(jpegHeader(800, 270))).toEqual({ width: 800, height: 270 });
  });
});

describe('the derived schema', () => {
  it('LINE_LIMITS agrees with the numbers the yml states', () => {
    const s = LINE_SCHEMA.$defs;
    const messages = s.ReplyMessageRequest!.properties!.messages!;
    expect([messages.minItems, messages.maxItems]).toEqual([LINE_LIMITS.messagesPerRequest.min, LINE_LIMITS.messagesPerRequest.max]);
    for (const r of ['PushMessageRequest', 'MulticastRequest', 'NarrowcastRequest', 'BroadcastRequest']) {
      expect(s[r]!.properties!.messages!.maxItems).toBe(LINE_LIMITS.messagesPerRequest.max);
    }
    expect(s.MulticastRequest!.properties!.to!.maxItems).toBe(LINE_LIMITS.multicastRecipients);
    expect(s.RichMenuBulkLinkRequest!.properties!.userIds!.maxItems).toBe(LINE_LIMITS.bulkLinkUserIds);
    expect(s.QuickReply!.properties!.items!.maxItems).toBe(LINE_LIMITS.quickReplyItems);
    expect(s.PostbackAction!.properties!.data!.maxLength).toBe(LINE_LIMITS.postbackData);
    expect(s.DatetimePickerAction!.properties!.data!.maxLength).toBe(LINE_LIMITS.postbackData);
    expect(s.ClipboardAction!.properties!.clipboardText!.maxLength).toBe(LINE_LIMITS.clipboardText);
    expect(s.AltUri!.properties!.desktop!.maxLength).toBe(LINE_LIMITS.uriLength);
    expect(s.Sender!.properties!.name!.maxLength).toBe(LINE_LIMITS.senderName);
    const secs = s.ShowLoadingAnimationRequest!.properties!.loadingSeconds!;
    expect([secs.minimum, secs.maximum]).toEqual([LINE_LIMITS.loadingSeconds.min, LINE_LIMITS.loadingSeconds.max]);
    expect(s.RichMenuRequest!.properties!.chatBarText!.maxLength).toBe(LINE_LIMITS.richMenuChatBarText);
    expect(s.RichMenuRequest!.properties!.name!.maxLength).toBe(LINE_LIMITS.richMenuName);
  });

  const yml = new URL('../../../../shared/line-openapi/messaging-api.yml', import.meta.url);
  it.runIf(existsSync(yml))('is what scripts/derive-line-schema.ts derives from messaging-api.yml (skipped without /work/shared)', async () => {
    const { deriveLineSchema, renderSubset, SUBSET_PATH } = await import('../../../scripts/derive-line-schema.ts');
    expect(renderSubset(deriveLineSchema(readFileSync(yml, 'utf8')))).toBe(readFileSync(SUBSET_PATH, 'utf8'));
  });
});

function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

function jpegHeader(width: number, height: number): Uint8Array {
  // SOI, APP0 (length 16), SOF0 (length 17)
  const b = new Uint8Array(2 + 18 + 19);
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
  const sof = 2 + 18;
  b.set([0xff, 0xc0, 0x00, 0x11, 0x08], sof);
  new DataView(b.buffer).setUint16(sof + 5, height);
  new DataView(b.buffer).setUint16(sof + 7, width);
  return b;
}

/**
 * /dev/simulator.js, built from the browser functions in ./client/ as their own source text.
 * This keeps the browser code type-checked with the rest of the app without a bundler or a
 * build step, and serves one same-origin file (no inline script, nothing from a CDN).
 */
import * as chatPanel from './client/chat-panel.ts';
import * as renderer from './client/render-line-message.ts';

const functionsOf = (module: object): string[] =>
  Object.values(module)
    .filter((v): v is (...args: never[]) => unknown => typeof v === 'function')
    .map((f) => String(f));

let cached: string | undefined;

export function clientScript(): string {
  cached ??= [
    '"use strict";',
    '(() => {',
    // tsx (esbuild with keepNames) wraps functions in __name(fn, "name"); the browser has no such helper.
    'const __name = (f) => f;',
    ...functionsOf(renderer),
    ...functionsOf(chatPanel),
    'simulatorMain({ el, renderLineMessage, renderQuickReplies });',
    '})();',
    '',
  ].join('\n');
  return cached;
}

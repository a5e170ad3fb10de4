import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInteractive, checkText } from '../../../test/fakes/whatsapp-shapes.js';
import { PESHAWAR, seedBotContext } from '../../../test/helpers/bot-context.js';
import { newConversation, step, type BotEvent } from '../filing-bot/conversation.js';
import type { Option, Prompt } from '../filing-bot/prompts.js';
import { smsText } from '../sms/bot-text.js';
import { cut, whatsappMessage } from './interactive.js';

// Text of any kind: long, with Urdu, emoji (surrogate pairs) and combining marks.
const words = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', 'ک', 'ښ', '😀', '\u0301', '1', '…'), minLength: 1, maxLength: 120 }).filter((s) => s.trim() !== '');
const option = fc.record({ id: fc.uuid(), title: words, detail: fc.option(words, { nil: undefined }) }).map((o): Option => (o.detail === undefined ? { id: o.id, title: o.title } : { id: o.id, title: o.title, detail: o.detail }));
const prompt: fc.Arbitrary<Prompt> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.string({ minLength: 1, maxLength: 6000 }).filter((s) => s.trim() !== '') }),
  fc.record({ kind: fc.constant('buttons' as const), text: fc.string({ minLength: 1, maxLength: 3000 }), options: fc.uniqueArray(option, { minLength: 1, maxLength: 3, selector: (o) => o.id }) }),
  fc.record({
    kind: fc.constant('list' as const),
    text: fc.string({ minLength: 1, maxLength: 5000 }),
    button: words,
    footer: words,
    sections: fc.array(fc.record({ title: words, options: fc.uniqueArray(option, { minLength: 1, maxLength: 4, selector: (o) => o.id }) }), { minLength: 1, maxLength: 3 }),
  }),
);

describe('WhatsApp rendering', () => {
  it('always sends what the Graph API accepts, however long or odd the words', () => {
    fc.assert(
      fc.property(prompt, (p) => {
        const message = whatsappMessage(p);
        const problem = message.type === 'text' ? checkText(message) : checkInteractive(message);
        if (p.kind === 'buttons' || p.kind === 'list') expect(message.type).toBe('interactive');
        // A body of only spaces is the one thing the prompt itself must not give; the conversation never does.
        if (p.text.trim() !== '') expect(problem).toBeNull();
      }),
    );
  });

  it('cuts with an ellipsis within the limit and never splits an emoji', () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 2, max: 30 }), (text, max) => {
        const out = cut(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length > max) expect(out.endsWith('…')).toBe(true);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
      }),
    );
  });

  it('gives every real prompt of the conversation in a shape Meta documents (and SMS the same options, numbered)', () => {
    const ctx = seedBotContext();
    const events: BotEvent[] = [
      { type: 'text', text: 'hi' },
      { type: 'choice', id: 'lang:ur' },
      { type: 'choice', id: 'browse' },
      { type: 'choice', id: 'page:1' },
      { type: 'choice', id: 'dept:local-government' },
      { type: 'choice', id: 'cat:garbage-not-collected' },
      { type: 'text', text: 'کوڑا ایک ہفتے سے نہیں اٹھایا گیا، بدبو پھیل رہی ہے۔' },
      { type: 'choice', id: 'districts' },
      { type: 'choice', id: 'page:3' },
      { type: 'location', ...PESHAWAR, label: null },
      { type: 'choice', id: 'continue' },
    ];
    let c = newConversation();
    for (const [i, event] of events.entries()) {
      const turn = step(c, event, ctx, new Date(Date.UTC(2025, 2, 1, 9, i)));
      for (const reply of turn.replies) {
        const message = whatsappMessage(reply);
        expect(message.type === 'text' ? checkText(message) : checkInteractive(message)).toBeNull();
        const lines = smsText(reply, 'ur').split('\n').filter((l) => /^\d+\. /.test(l));
        expect(lines).toHaveLength(turn.conversation.menu.length);
      }
      c = turn.conversation;
    }
    expect(c.step).toBe('confirm');
  });
});

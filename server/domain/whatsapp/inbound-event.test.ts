import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whatsappFixture } from '../../../test/helpers/whatsapp-fixtures.js';
import { readWhatsAppMessage } from './inbound-event.js';
import { splitWebhookBody } from './webhook.js';

/** The first message of a real webhook body of the fixtures. */
const fixtureMessage = (file: string, name: string): unknown => {
  const body = whatsappFixture(file, name);
  const item = splitWebhookBody(body).find((i) => i.kind === 'message');
  return (item?.raw as { message: unknown }).message;
};

describe('reading a WhatsApp message for the bot', () => {
  it('reads the real webhook bodies: text, list and button replies, template quick replies, locations, images, voice notes', () => {
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'text'))).toEqual({ kind: 'text', text: 'Body Text' });
    expect(readWhatsAppMessage(fixtureMessage('callback_selection.json', 'callback'))).toEqual({ kind: 'choice', id: 'callback_data' });
    expect(readWhatsAppMessage(fixtureMessage('callback_button.json', 'button'))).toEqual({ kind: 'choice', id: 'callback_data' });
    expect(readWhatsAppMessage(fixtureMessage('callback_button.json', 'quick_reply'))).toEqual({ kind: 'choice', id: 'callback_data' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'current_location'))).toEqual({ kind: 'location', latitude: 12.25089, longitude: 43.90539, label: null });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'chosen_location'))).toEqual({ kind: 'location', latitude: 37.4611978, longitude: -122.2164385, label: 'Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'image'))).toEqual({ kind: 'media', media: 'photo', mediaId: '65463453', mimeType: 'image/jpeg', sha256: '4654+8g=', caption: null });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'voice'))).toMatchObject({ kind: 'media', media: 'voice_note', mimeType: 'audio/ogg; codecs=opus' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'document'))).toMatchObject({ kind: 'media', media: 'other', caption: 'caption' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'video'))).toMatchObject({ kind: 'media', media: 'other' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'interactive_message_with_err'))).toEqual({ kind: 'unsupported' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'unsupported'))).toEqual({ kind: 'unsupported' });
    expect(readWhatsAppMessage(fixtureMessage('message.json', 'contacts'))).toEqual({ kind: 'unsupported' });
  });

  it('never throws and keeps every field within bounds, whatever JSON it is given', () => {
    const messageLike = fc.record({ type: fc.constantFrom('text', 'interactive', 'button', 'location', 'image', 'audio', 'document', 'video', 'sticker', 'x'), text: fc.jsonValue(), interactive: fc.jsonValue(), button: fc.jsonValue(), location: fc.jsonValue(), image: fc.jsonValue(), audio: fc.jsonValue(), document: fc.jsonValue() }, { requiredKeys: ['type'] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), messageLike), (message) => {
        const input = readWhatsAppMessage(message);
        if (input.kind === 'text') expect(input.text.length).toBeLessThanOrEqual(4096);
        if (input.kind === 'choice') expect(input.id.length).toBeLessThanOrEqual(256);
        if (input.kind === 'location') expect(Math.abs(input.latitude) <= 90 && Math.abs(input.longitude) <= 180).toBe(true);
        if (input.kind === 'media') expect(input.mediaId).toMatch(/^[0-9A-Za-z_.-]{1,128}$/);
      }),
    );
  });
});

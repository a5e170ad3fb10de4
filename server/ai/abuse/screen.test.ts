import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screen } from './screen.js';

describe('screen', () => {
  it.each([
    ['What the fuck is the water board doing', 'profanity'],
    ['this FUCKING road has been broken for months', 'profanity'],
    ['the clerk is a bastard and took a bribe', 'abuse'],
    ['bhenchod koi kaam nahi karta', 'profanity'],
    ['Behenchoddd office band hai', 'profanity'],
    ['bahanchod sab chor hain', 'profanity'],
    ['madharchod log bijli nahi dete', 'profanity'],
    ['haraamzaday patwari ne paise liye', 'abuse'],
    ['beghairt officer', 'abuse'],
    ['kutte ka bacha kaam nahi karta', 'abuse'],
    ['یہ حرامی افسر رشوت لیتا ہے', 'abuse'],
    ['بے غیرت عملہ کچھ نہیں کرتا', 'abuse'],
    ['بہن چود کوئی نہیں سنتا', 'profanity'],
    ['حرامزادے نے پانی بند کر دیا', 'abuse'],
    ['حَرامی', 'abuse'], // harakat folded away
  ])('flags %j (%s)', (text, reason) => {
    const r = screen(text);
    expect(r.flagged).toBe(true);
    expect(r.reasons).toContain(reason);
    expect(r.score).toBeGreaterThanOrEqual(1);
  });

  it.each([
    // Real complaint texts (Sambodhan grievances, CFPB narratives) and realistic Urdu / Roman Urdu complaints.
    'many dtc bus and orange buses overspeed to 60 kmph and drive zigzag. please take note.',
    "can't use my car today and this auto not just refuse 2 go but also abused me back. action?",
    'Narrative: asked verification debt appeared credit report validate debt simply asked collector send signed medical document hipaa release itemized list showing debt send method validation date alleged',
    'The officer abused me verbally and harassed my family when I asked about my pension.',
    'Tehsildar ne mujhe gaaliyan di aur daftar se nikal diya, badtameezi ki',
    'Gali mein awara kutte hain, bachon ko katte hain, MC wale kuch nahi karte',
    'hamare mohallay mein gand aur gandagi hai, gandi nali band hai',
    'patwari ka dalal paise maangta hai',
    'sale of subsidised flour at the utility store stopped; the saleman said come tomorrow',
    'افسر نے مجھے گالیاں دیں اور بدتمیزی کی',
    'گلی میں آوارہ کتے ہیں اور کچرا پڑا ہے',
    'بجلی کا بل غلط آیا ہے، حرام کی کمائی کھانے والے افسر رشوت مانگتے ہیں',
    'Bhairavi Utsav visit: I was charged 900 rupees more at the border',
    'paani ki supply teen din se band hai, koi sunne wala nahi',
  ])('does not flag the ordinary complaint %j', (text) => {
    expect(screen(text)).toMatchObject({ flagged: false, reasons: [] });
  });

  it('needs two mild terms to flag', () => {
    expect(screen('this is crap').flagged).toBe(false);
    expect(screen('this is crap, damn it').flagged).toBe(true);
  });

  it('counts a term once however often it is repeated', () => {
    expect(screen('shit shit shit shit').flagged).toBe(false);
  });

  it('matches phrases only as consecutive words', () => {
    expect(screen('ullu ka pattha').flagged).toBe(true);
    expect(screen('ullu bolta hai, ka matlab pattha').flagged).toBe(false);
  });

  it('matches spelling keys only when they are long (short keys collide with ordinary words)', () => {
    for (const word of ['harm', 'hram', 'chat', 'cute', 'bharwa2']) expect(screen(`${word} ${word}`).flagged, word).toBe(false);
    expect(screen('bhaynchod').flagged).toBe(true);
    expect(screen('haramzadaa').flagged).toBe(true);
  });

  it('never throws and is deterministic', () => {
    const alphabet = fc.constantFrom(...'abcdefhiklmnoprstuwyz ابپتٹجچحخدڈرڑزسشغفقکگلمنوہھیےں.,!'.split(''), 'bhenchod', 'حرامی', 'fuck', '\u200c', '\u0651');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''))), (text) => {
        const a = screen(text);
        expect(screen(text)).toEqual(a);
        expect(a.flagged).toBe(a.score >= 1);
        expect(a.flagged).toBe(a.reasons.length > 0);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});

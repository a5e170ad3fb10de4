import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../paths.js';
import { detectLanguage, type TextLanguage } from './language.js';

// Real texts from ../shared/data (Sambodhan grievances in English and Nepali, Roman Urdu UCI, Urdu news and sentiment).
const SAMPLES = JSON.parse(readFileSync(projectPath('test/fixtures/ai/language-samples.json'), 'utf8')) as Record<string, string[]>;

// The data sets have no Pashto; these are everyday complaint sentences.
const PASHTO = ['زموږ په کلي کې د څښاک اوبه نشته', 'سړک ډېر خراب دی او ماشومان ښوونځي ته نشي تللی', 'بریښنا درې ورځې کېږي چې نشته، مهرباني وکړئ مرسته وکړئ', 'ډاکټر په روغتون کې نه و'];

function share(texts: string[], language: TextLanguage): number {
  return texts.filter((t) => detectLanguage(t).language === language).length / texts.length;
}

describe('detectLanguage', () => {
  it('tells Urdu and Pashto in Arabic script apart', () => {
    expect(share(SAMPLES.ur as string[], 'ur')).toBe(1);
    expect(share(PASHTO, 'ps')).toBe(1);
    expect(detectLanguage(PASHTO[0] as string).script).toBe('Arab');
  });

  it('tells Roman Urdu from English by their words', () => {
    expect(share(SAMPLES['ur-Latn'] as string[], 'ur-Latn')).toBeGreaterThanOrEqual(0.9);
    expect(share(SAMPLES.en as string[], 'en')).toBe(1);
    expect(detectLanguage('Bijli bohat der se nahi aa rahi, kuch karo').language).toBe('ur-Latn');
    expect(detectLanguage('The street light has not worked for a week').language).toBe('en');
  });

  it('finds Nepali in Devanagari, and Hindi by its own words', () => {
    expect(share(SAMPLES.ne as string[], 'ne')).toBeGreaterThanOrEqual(0.9);
    expect(detectLanguage('हमारे गाँव में पानी नहीं है और सड़क भी खराब है').language).toBe('hi');
    expect(detectLanguage('पानी').script).toBe('Deva');
  });

  it('names any other script and has no language for it', () => {
    expect(detectLanguage('Улица не освещена')).toEqual({ language: 'und', script: 'Cyrl' });
    expect(detectLanguage('路灯坏了')).toEqual({ language: 'und', script: 'Hani' });
    expect(detectLanguage('12345 !!')).toEqual({ language: 'und', script: 'Zyyy' });
    expect(detectLanguage('')).toEqual({ language: 'und', script: 'Zyyy' });
  });
});

/**
 * The abuse-screening lexicon: profane and abusive terms in English, Roman Urdu, Urdu script and Pashto.
 *
 * Sources: the words most over-represented in the abusive (0) and profane (4) classes of the RUHSOLD training file
 * (Rizwan, Shakeel & Karim, "Hate-speech and offensive language detection in Roman Urdu", EMNLP 2020;
 * ../shared/data/multilingual/roman_urdu_hate_speech_task_2_train.tsv), counted against its normal class and kept
 * only when they (almost) never occur in normal text; their Urdu-script spellings; and the common English
 * profanities. Curated by hand to be conservative: words that are also ordinary complaint words are left out on
 * purpose — kutta/kutte (stray dogs are a common complaint), gand/gandi (dirty), dalal (a middleman), mc (municipal
 * committee), bc, sale/sala (a sale), nasal, aulad, lanat, jahil, tatti (sewage), choot/chut (a discount, leave),
 * haram (forbidden) — as are words that name abuse rather than being it (abuse, gaali, harass, badtameezi): a
 * complaint that the officer abused someone must not be flagged for saying so.
 *
 * Each entry is matched on normalised words (server/ai/text/normalise.ts). `forms` are exact written forms;
 * `key: true` also matches every word with the same Roman Urdu spelling key (server/ai/text/roman-urdu.ts) — used
 * only for long words whose key no ordinary word shares (checked by a test against the complaint corpora);
 * `prefix: true` matches words that start with the form (fucking, fucker). A form with a space is a phrase of
 * consecutive words. `weight` 1 is enough alone to flag; 0.5 (mild) needs another hit.
 */
export type AbuseReason = 'profanity' | 'abuse';

export interface LexiconEntry {
  forms: readonly string[];
  reason: AbuseReason;
  weight: 1 | 0.5;
  key?: boolean;
  prefix?: boolean;
}

export const LEXICON: readonly LexiconEntry[] = [
  // English
  { forms: ['fuck', 'fuk', 'fck', 'motherfuck'], reason: 'profanity', weight: 1, prefix: true },
  { forms: ['fucking', 'fuckin', 'fcking', 'fukin', 'fucker', 'fuckers', 'fucked', 'wtf', 'stfu'], reason: 'profanity', weight: 1 },
  { forms: ['cunt', 'cunts', 'asshole', 'assholes', 'arsehole', 'dickhead', 'dickheads', 'wanker', 'wankers'], reason: 'abuse', weight: 1 },
  { forms: ['bitch', 'bitches', 'bastard', 'bastards', 'whore', 'whores', 'slut', 'sluts', 'son of a bitch'], reason: 'abuse', weight: 1 },
  { forms: ['shit', 'bullshit', 'shitty'], reason: 'profanity', weight: 0.5 },
  { forms: ['crap', 'crappy'], reason: 'profanity', weight: 0.5 },
  { forms: ['damn', 'goddamn', 'dammit'], reason: 'profanity', weight: 0.5 },
  // Roman Urdu
  { forms: ['bhenchod', 'behenchod', 'bahanchod', 'bhanchod', 'benchod', 'bhenchodo', 'bhen chod', 'behen chod', 'bhnchd'], reason: 'profanity', weight: 1, key: true },
  { forms: ['madarchod', 'maadarchod', 'madharchod', 'maderchod', 'madar chod', 'mader chod'], reason: 'profanity', weight: 1, key: true },
  { forms: ['bhosdike', 'bhosdi', 'bhosda', 'bhosdi ke', 'bhosri', 'bhosari', 'bhosrike', 'bsdk', 'bosdk'], reason: 'profanity', weight: 1, key: true },
  { forms: ['chutiya', 'chutiye', 'chutia', 'chootiya', 'chutiyapa', 'chutye'], reason: 'profanity', weight: 1 },
  { forms: ['gaand', 'gaandu', 'gandu', 'phudi', 'phuddi', 'lund', 'lundd'], reason: 'profanity', weight: 1 },
  { forms: ['randi', 'rundi', 'randdi', 'randiyo', 'randiyon', 'gashti', 'kanjar', 'kanjari', 'kanjri'], reason: 'abuse', weight: 1 },
  { forms: ['bharwa', 'bharwe', 'bharway', 'bharwey', 'bhadwa', 'bhadwe', 'bharwon', 'bharway'], reason: 'abuse', weight: 1 },
  { forms: ['harami', 'haraami', 'haramzada', 'haramzade', 'haramzadi', 'haramzaday', 'haramkhor', 'haram zada', 'haram zade'], reason: 'abuse', weight: 1, key: true },
  { forms: ['beghairat', 'beghairt', 'begairat', 'beghairti', 'be ghairat'], reason: 'abuse', weight: 1, key: true },
  { forms: ['kamina', 'kameena', 'kamine', 'kameene', 'kaminay', 'kameenay', 'kamini'], reason: 'abuse', weight: 0.5 },
  { forms: ['saala', 'saale', 'saali', 'saalay', 'saaley'], reason: 'abuse', weight: 0.5 },
  { forms: ['kutte ka bacha', 'kuttay ka bacha', 'kutte ke bache', 'kuttay ki aulad', 'kutte ki aulad', 'kutti ka bacha', 'suar ka bacha', 'suwar ka bacha', 'ullu ka pattha', 'ullu ka patha', 'teri maa ki', 'teri behen ki', 'teri ma ki'], reason: 'abuse', weight: 1 },
  // Urdu script
  { forms: ['بہن چود', 'بہنچود', 'بھین چود', 'مادرچود', 'مادر چود', 'بھوسڑی', 'بھوسڑی کے', 'چوتیا', 'چوتیے', 'گانڈ', 'گانڈو', 'پھدی', 'لنڈ'], reason: 'profanity', weight: 1 },
  { forms: ['رنڈی', 'گشتی', 'کنجر', 'کنجری', 'بھڑوا', 'بھڑوے', 'بھڑوں', 'حرامی', 'حرامزادہ', 'حرامزادے', 'حرام زادہ', 'حرام زادے', 'حرامزادی', 'حرام خور', 'بے غیرت', 'بےغیرت', 'بیغیرت'], reason: 'abuse', weight: 1 },
  { forms: ['کمینہ', 'کمینے', 'کمینی', 'سالا', 'سالے'], reason: 'abuse', weight: 0.5 },
  { forms: ['کتے کا بچہ', 'کتے کے بچے', 'کتے کی اولاد', 'سور کا بچہ', 'الو کا پٹھا', 'تیری ماں کی', 'تیری بہن کی'], reason: 'abuse', weight: 1 },
  // Pashto (Arabic script, matched on the Pashto normal form too: normalise(…, 'ps') keeps ي and folds ہ to ه), and
  // Roman Pashto. Source: widely known Pashto terms of abuse, picked by hand (no Pashto abuse corpus was available to
  // measure them on): ډیوث/دیوث (cuckold, pimp), قحبه (whore), حرامي/حرامزاده (bastard, as in Urdu), بې غیرته
  // (shameless one, the Pashto form of Urdu بے غیرت), د سپي زوی / د خره زوی (son of a dog / of a donkey). Only words
  // with no ordinary meaning, checked against the Urdu corpora of ../shared/data, where none occurs. Left out for
  // precision: کونی (catamite; also the name "Connie" in Urdu news), کوس (also the Urdu kos, a measure of distance),
  // سپی/سپي and خر alone (dog, donkey: stray dogs and working animals are complaints), خنزیر (boars that ruin crops
  // are too), غول (a crowd in Urdu), لعنتي (as lanat in Urdu).
  { forms: ['ډیوث', 'دیوث', 'ډیوثه', 'دیوثه', 'ډیوثان', 'دیوثان', 'dayus', 'dayoos', 'dayyus', 'dayyoos'], reason: 'abuse', weight: 1 },
  { forms: ['قحبه', 'قحبې', 'قحبی', 'قحبو', 'qahba'], reason: 'abuse', weight: 1 },
  // (حرامي and حرامزاده are the Urdu entry's words in either folding: only the Pashto plurals and forms are here.)
  { forms: ['حراميان', 'حرامزادګان', 'حرام خوره'], reason: 'abuse', weight: 1 },
  { forms: ['بې غیرته', 'بېغیرته', 'بې غیرتې', 'بې غیرتو', 'بې غيرته', 'be ghairata'], reason: 'abuse', weight: 1 },
  { forms: ['د سپي زوی', 'د سپي زويه', 'د سپي زوې', 'سپي زويه', 'د سپي لور', 'د خره زوی', 'د خر زوی', 'خر زويه', 'da spi zoy', 'da spi zoya', 'spi zoya', 'da khar zoy'], reason: 'abuse', weight: 1 },
];

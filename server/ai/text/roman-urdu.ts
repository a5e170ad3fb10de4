/**
 * Roman Urdu (Urdu written in Latin letters) has no standard spelling: "bohat", "bahut", "bht" and "bohot" are one
 * word, as are "nahi", "nahin", "nhi" and "nai". `romanUrduKey` maps each written form to a key that the variants
 * share, by rules that follow how the spelling varies:
 *
 * 1. Repeated letters are one letter (bohaaat, acchaa → bohat, acha): length is emphasis or a long vowel.
 * 2. A few very frequent words whose variants the rules below cannot meet are looked up (nai, ni → nahi; h → hai).
 * 3. A nasal n after the last vowel is dropped (nahin, hain, mein → nahi, hai, mei): it marks nūn ghunna (ں).
 * 4. A silent h after a final vowel is dropped (woh, yeh → wo, ye).
 * 5. Vowels other than a first letter are dropped and a first vowel is written a: vowels are what writers vary most
 *    (bahut/bohat/bhut → bht; aap/ap → ap; ise/ese → as).
 * 6. Letters that Urdu does not tell apart are one letter: q → k (qeemat/keemat), v → w (wo/vo), ph → f (phir/fir).
 *
 * The key is a folding for matching and features, never for display. It is idempotent, and words with any letter
 * outside a-z (digits, other scripts) are returned unchanged.
 */

// A Map, not an object: a word such as "constructor" must not find Object.prototype's members.
const IRREGULAR = new Map<string, string>(Object.entries({
  nai: 'nahi',
  nae: 'nahi',
  ni: 'nahi',
  nahee: 'nahi',
  h: 'hai',
  kiya: 'kia',
  kya: 'kia',
  q: 'kyun',
  kyu: 'kyun',
  kiun: 'kyun',
  ok: 'theek',
  thk: 'theek',
  tk: 'theek',
}));

const VOWEL = /[aeiouy]/;

function step(word: string): string {
  let w = word.replace(/(.)\1+/g, '$1');
  w = IRREGULAR.get(w) ?? w;
  if (w.length >= 4) w = w.replace(/([aeiouy])n$/, '$1');
  if (w.length >= 3) w = w.replace(/([aeiouy])h$/, '$1');
  const first = w.charAt(0);
  let key = (VOWEL.test(first) && first !== 'y' ? 'a' : first) + w.slice(1).replace(/[aeiouy]/g, '');
  key = key.replace(/q/g, 'k').replace(/v/g, 'w').replace(/ph/g, 'f');
  return key.replace(/(.)\1+/g, '$1');
}

/** The spelling-variation key of one lower-case Roman Urdu word (see the module comment). */
export function romanUrduKey(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  // Each step only shortens the word or maps letters onto fewer letters, so this reaches a fixed point quickly.
  let current = word;
  for (let i = 0; i < 8; i++) {
    const next = step(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

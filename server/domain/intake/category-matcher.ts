import { normalise } from '../../ai/text/normalise.js';
import { romanUrduKey } from '../../ai/text/roman-urdu.js';

/** A category with the words citizens use for it (the catalogue's keywords and its names in each language). */
export interface KeywordedCategory {
  id: string;
  keywords: string[];
  names: string[];
}

/** The category a text most likely concerns, and how sure the guess is. */
export interface CategoryGuess {
  categoryId: string;
  /** Words of the matched keywords, summed (a two-word keyword counts 2): 0 means nothing matched. */
  score: number;
  /** The keywords found, for the record of why this category was chosen. */
  matched: string[];
}

// Keywords shorter than this ("gas") hit too many unrelated words once text is normalised.
const MIN_KEYWORD_LENGTH = 3;
// Roman Urdu spelling keys shorter than this collide (the key of "bharwa" is also that of "Bhairavi"), so shorter
// keys are not used: such a word must be written as the keyword is.
const MIN_KEY_LENGTH = 4;

/**
 * Guesses a complaint's category from free text (an e-mail, a message) by the catalogue's own keywords: every keyword
 * or category name found as whole words counts its number of words, and the category with the highest sum wins
 * (ties go to the category listed first). English, Roman Urdu and Urdu-script keywords are all in the catalogue,
 * so one pass serves every language. A guess, not a decision: callers send weak guesses to triage.
 */
export class CategoryMatcher {
  private readonly entries: { categoryId: string; keyword: string; pattern: string; keyed: string; weight: number }[] = [];
  private readonly order = new Map<string, number>();

  constructor(categories: Iterable<KeywordedCategory>) {
    for (const category of categories) {
      this.order.set(category.id, this.order.size);
      for (const keyword of new Set([...category.keywords, ...category.names].map(normaliseText).filter((k) => k.length >= MIN_KEYWORD_LENGTH))) {
        // The keyword as written, or as its Roman Urdu spelling key ("kachra" also finds "kachraa" and "kachara").
        this.entries.push({ categoryId: category.id, keyword, pattern: ` ${keyword} `, keyed: ` ${spellingKeys(keyword)} `, weight: keyword.split(' ').length });
      }
    }
  }

  /** The best category for the text, or null when no keyword of any category appears in it. */
  match(text: string): CategoryGuess | null {
    // Bounded: a long mail is judged on its first part, which keeps the work per message small.
    const normalised = normaliseText(text.slice(0, 20_000));
    const haystack = ` ${normalised} `;
    const keyedHaystack = ` ${spellingKeys(normalised)} `;
    const scores = new Map<string, CategoryGuess>();
    for (const entry of this.entries) {
      if (!haystack.includes(entry.pattern) && !keyedHaystack.includes(entry.keyed)) continue;
      const guess = scores.get(entry.categoryId) ?? { categoryId: entry.categoryId, score: 0, matched: [] };
      guess.score += entry.weight;
      guess.matched.push(entry.keyword);
      scores.set(entry.categoryId, guess);
    }
    let best: CategoryGuess | null = null;
    for (const guess of scores.values()) {
      if (!best || guess.score > best.score || (guess.score === best.score && this.rank(guess) < this.rank(best))) best = guess;
    }
    return best;
  }

  private rank(guess: CategoryGuess): number {
    return this.order.get(guess.categoryId) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** The text's normal form for matching: `normalise` (server/ai/text), so keyboard variants of a letter are one letter. */
export function normaliseText(text: string): string {
  return normalise(text);
}

/** Each word of a normalised text as its Roman Urdu spelling key when that key is long enough to tell words apart. */
function spellingKeys(normalised: string): string {
  return normalised
    .split(' ')
    .map((word) => {
      const key = romanUrduKey(word);
      return key.length >= MIN_KEY_LENGTH ? key : word;
    })
    .join(' ');
}

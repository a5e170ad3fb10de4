/**
 * Topics of a group of complaints (a district's): the words and two-word phrases that are distinctive of its
 * complaints against a background (the province's), by the log-odds ratio with an informative Dirichlet prior
 * (Monroe, Colaresi & Quinn 2008, "Fightin' Words"). Counts are of complaints (a term counts once per complaint, so
 * one long letter does not make a topic). Pure code: no I/O.
 *
 * For a term w, group counts y_g of n_g, the rest of the background y_r of n_r, and a prior α_w = a0 × (w's share of
 * the background): δ = ln((y_g + α)/(n_g + a0 − y_g − α)) − ln((y_r + α)/(n_r + a0 − y_r − α)), with variance
 * ≈ 1/(y_g + α) + 1/(y_r + α); the score is the z-value δ/√variance. The prior shrinks rare terms towards the
 * background, so a word said twice in a quiet district does not top its list.
 */
import { tokenise } from '../text/normalise.js';
import { STOP_WORDS } from './stop-words.js';

/** A distinctive term of a group: the term, the complaints of the group that use it, and its z-score. */
export interface DistinctiveTerm {
  term: string;
  count: number;
  score: number;
}

/** Tuning of the topic terms. */
export interface TopicOptions {
  /** Terms per group. */
  limit: number;
  /** Fewest complaints of the group a term must occur in (small cells are not shown). */
  minCount: number;
  /** Smallest z-score kept (1.96: more frequent than the background at the 5 % level). */
  minScore: number;
  /** a0, the prior's weight in pseudo-counts. */
  priorStrength: number;
}

/** Defaults: ten terms, each in at least five complaints, z ≥ 1.96, a prior of 50 pseudo-counts. */
export const TOPIC_OPTIONS: TopicOptions = { limit: 10, minCount: 5, minScore: 1.96, priorStrength: 50 };

/**
 * The terms of one complaint text, each once: words that are not stop words, digits or single letters, and the
 * bigrams of two such words next to each other ("garbage collection", "pani supply").
 */
export function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  let previous: string | null = null;
  for (const word of tokenise(text)) {
    const useful = word.length >= 2 && !STOP_WORDS.has(word) && !/^\d+$/.test(word);
    if (!useful) {
      previous = null;
      continue;
    }
    terms.add(word);
    if (previous !== null) terms.add(`${previous} ${word}`);
    previous = word;
  }
  return terms;
}

/** Complaints per term over a set of texts. */
export function termCounts(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const term of termsOf(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/**
 * The distinctive terms of a group's term counts against the background's (which should include the group: the
 * rest is the background less the group). Highest score first; ties by count, then term.
 */
export function distinctiveTerms(group: ReadonlyMap<string, number>, background: ReadonlyMap<string, number>, options: Partial<TopicOptions> = {}): DistinctiveTerm[] {
  const o = { ...TOPIC_OPTIONS, ...options };
  const nBackground = Math.max(total(background), total(group));
  const nGroup = total(group);
  const nRest = Math.max(0, nBackground - nGroup);
  const a0 = o.priorStrength;
  const out: DistinctiveTerm[] = [];
  for (const [term, yGroup] of group) {
    if (yGroup < o.minCount) continue;
    const yBackground = Math.max(background.get(term) ?? 0, yGroup);
    const yRest = Math.max(0, yBackground - yGroup);
    const alpha = Math.max(1e-3, (a0 * yBackground) / Math.max(1, nBackground));
    const logOdds = (y: number, n: number) => Math.log((y + alpha) / Math.max(1e-9, n + a0 - y - alpha));
    const delta = logOdds(yGroup, nGroup) - logOdds(yRest, nRest);
    const score = delta / Math.sqrt(1 / (yGroup + alpha) + 1 / (yRest + alpha));
    if (score >= o.minScore) out.push({ term, count: yGroup, score: Math.round(score * 100) / 100 });
  }
  return out.sort((a, b) => b.score - a.score || b.count - a.count || a.term.localeCompare(b.term)).slice(0, o.limit);
}

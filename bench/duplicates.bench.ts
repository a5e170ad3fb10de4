/**
 * `npm run bench:duplicates`: duplicate detection (server/domain/duplicates) on the labelled pairs of
 * bench/lib/duplicate-pairs.ts — precision, recall and F1 at the product's threshold on the held-out half, per pair
 * type and per source, a precision/recall table over thresholds on both halves, the previous detector (trigram
 * likeness ≥ 0.6 within 2 km and 30 days) beside it, and time per comparison against references measured in the
 * same run. Options: --data DIR (default ../shared/data), --per-source N (base texts per source, default 300),
 * --seed N.
 */
import { parseArgs } from 'node:util';
import { DUPLICATE_THRESHOLD, duplicateScore, type DuplicateSide } from '../server/domain/duplicates/duplicate-score.js';
import { distanceKm, textFingerprint } from '../server/domain/duplicates/similarity.js';
import { projectPath } from '../server/paths.js';
import { buildPairs, PAIRS_SEED, type LabelledPair, type PairSide } from './lib/duplicate-pairs.js';

const { values } = parseArgs({
  options: { data: { type: 'string', default: projectPath('../shared/data') }, 'per-source': { type: 'string', default: '300' }, seed: { type: 'string', default: String(PAIRS_SEED) } },
});

// ---- The previous detector (before this measurement), kept here as the reference it is compared with ----

const PREVIOUS_VARIANTS: Record<string, string> = { ي: 'ی', ى: 'ی', ې: 'ی', ۍ: 'ی', ك: 'ک', ګ: 'گ', ه: 'ہ', ە: 'ہ', ة: 'ہ', 'ۃ': 'ہ', أ: 'ا', إ: 'ا', آ: 'ا' };

function previousTrigrams(text: string): Set<string> {
  const normalised = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .toLowerCase()
    .replace(/[يىېۍكګهەةۃأإآ]/g, (ch) => PREVIOUS_VARIANTS[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const grams = new Set<string>();
  for (const word of normalised.split(' ')) {
    if (!word) continue;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

function previousLikeness(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function previousSaysDuplicate(a: PairSide, b: PairSide): boolean {
  const near = a.place.point && b.place.point ? distanceKm(a.place.point.lat, a.place.point.lon, b.place.point.lat, b.place.point.lon) <= 2 : a.place.districtId === b.place.districtId;
  const recent = Math.abs(a.at.getTime() - b.at.getTime()) <= 30 * 86_400_000;
  return near && recent && previousLikeness(previousTrigrams(a.text), previousTrigrams(b.text)) >= 0.6;
}

// ---- Measures ----

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function count(judged: Array<{ duplicate: boolean; said: boolean }>): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const j of judged) {
    if (j.said && j.duplicate) c.tp++;
    else if (j.said) c.fp++;
    else if (j.duplicate) c.fn++;
    else c.tn++;
  }
  return c;
}

function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

const f3 = (x: number) => x.toFixed(3);
const side = (s: PairSide): DuplicateSide => ({ text: textFingerprint(s.text), place: s.place, at: s.at });

function main(): void {
  const pairs = buildPairs(values.data as string, { perSource: Number(values['per-source']), seed: Number(values.seed) });
  const scored = pairs.map((p) => ({ ...p, score: duplicateScore(side(p.a), side(p.b)), previous: previousSaysDuplicate(p.a, p.b) }));
  const half = (split: LabelledPair['split']) => scored.filter((p) => p.split === split);
  const tuning = half('tuning');
  const heldOut = half('held-out');
  console.log(`${pairs.length} pairs (${pairs.filter((p) => p.duplicate).length} duplicates), tuning ${tuning.length}, held-out ${heldOut.length}; seed ${values.seed}\n`);

  console.log('Threshold table (score ≥ threshold is "the same problem")');
  console.log('threshold | tuning P / R / F1      | held-out P / R / F1');
  let best = { threshold: 0, f1: -1 };
  for (let t = 0.2; t <= 0.801; t += 0.05) {
    const tu = prf(count(tuning.map((p) => ({ duplicate: p.duplicate, said: p.score >= t }))));
    const ho = prf(count(heldOut.map((p) => ({ duplicate: p.duplicate, said: p.score >= t }))));
    if (tu.f1 > best.f1) best = { threshold: Math.round(t * 100) / 100, f1: tu.f1 };
    console.log(`     ${t.toFixed(2)} | ${f3(tu.precision)} / ${f3(tu.recall)} / ${f3(tu.f1)} | ${f3(ho.precision)} / ${f3(ho.recall)} / ${f3(ho.f1)}`);
  }
  console.log(`best threshold on the tuning half: ${best.threshold} (F1 ${f3(best.f1)}); the product uses ${DUPLICATE_THRESHOLD}\n`);

  const at = (p: (typeof scored)[number]) => ({ duplicate: p.duplicate, said: p.score >= DUPLICATE_THRESHOLD });
  const product = prf(count(heldOut.map(at)));
  const before = prf(count(heldOut.map((p) => ({ duplicate: p.duplicate, said: p.previous }))));
  console.log(`Held-out at ${DUPLICATE_THRESHOLD}: precision ${f3(product.precision)}, recall ${f3(product.recall)}, F1 ${f3(product.f1)}`);
  console.log(`Previous detector on the same pairs: precision ${f3(before.precision)}, recall ${f3(before.recall)}, F1 ${f3(before.f1)}\n`);

  console.log('Per pair type (held-out): share judged "the same problem" — recall for re-filings, false-positive rate for the rest');
  for (const type of [...new Set(scored.map((p) => p.type))].sort()) {
    const rows = heldOut.filter((p) => p.type === type);
    const said = rows.filter((p) => p.score >= DUPLICATE_THRESHOLD).length;
    const previous = rows.filter((p) => p.previous).length;
    console.log(`  ${type.padEnd(26)} ${String(rows.length).padStart(4)} pairs  now ${f3(said / rows.length)}  previous ${f3(previous / rows.length)}`);
  }
  console.log('\nPer source (held-out): precision / recall / F1 now | previous');
  for (const source of [...new Set(scored.map((p) => p.source))].sort()) {
    const rows = heldOut.filter((p) => p.source === source);
    const now = prf(count(rows.map(at)));
    const prev = prf(count(rows.map((p) => ({ duplicate: p.duplicate, said: p.previous }))));
    console.log(`  ${source.padEnd(18)} ${f3(now.precision)} / ${f3(now.recall)} / ${f3(now.f1)} | ${f3(prev.precision)} / ${f3(prev.recall)} / ${f3(prev.f1)}`);
  }
  timing(scored);
}

/** Time per comparison: the score (with and without making fingerprints) against string equality and the previous likeness. */
function timing(pairs: LabelledPair[]): void {
  const rounds = 5;
  const sides = pairs.map((p) => [side(p.a), side(p.b)] as const);
  const previous = pairs.map((p) => [previousTrigrams(p.a.text), previousTrigrams(p.b.text)] as const);
  const measure = (label: string, run: () => number) => {
    let sink = 0;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) sink += run();
    const us = ((performance.now() - started) * 1000) / (rounds * pairs.length);
    return { label, us, sink };
  };
  const results = [
    measure('plain string comparison (lower-cased a === b)', () => pairs.reduce((n, p) => n + (p.a.text.toLowerCase() === p.b.text.toLowerCase() ? 1 : 0), 0)),
    measure('previous trigram likeness (fingerprints made)', () => previous.reduce((n, [a, b]) => n + previousLikeness(a, b), 0)),
    measure('duplicate score (fingerprints made)', () => sides.reduce((n, [a, b]) => n + duplicateScore(a, b), 0)),
    measure('duplicate score incl. both fingerprints', () => pairs.reduce((n, p) => n + duplicateScore(side(p.a), side(p.b)), 0)),
  ];
  const reference = results[0]!.us;
  console.log(`\nTime per comparison (${pairs.length} pairs × ${rounds})`);
  for (const r of results) console.log(`  ${r.label.padEnd(48)} ${r.us.toFixed(2).padStart(8)} µs  ${(r.us / reference).toFixed(1).padStart(6)}× the plain comparison`);
}

main();

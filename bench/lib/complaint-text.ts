import { randomInt } from 'node:crypto';

// About 200 characters, like a typical short complaint; both the pgbench row and the HTTP body use it.
const DESCRIPTIONS = [
  'The street light outside house 14 in our lane has not worked for three weeks. The lane is dark after maghrib, children walk to the mosque here, and two motorcycles have hit the open drain next to it.',
  'Garbage has not been collected from the corner of our mohalla for ten days. The pile now blocks half the road, it smells badly in the heat, dogs spread it around, and the drain beside it is choked.',
  'The water supply to our street comes for only one hour a day and the water is muddy. Several children in the houses near the tube well have had diarrhoea this week; please test and repair the pipe.',
  'The teacher of class three at the government primary school has been absent most days this month. Parents complained to the headmaster twice but nothing changed and the children sit idle all morning.',
];

/** A description of about 200 characters, varied per call so no two submissions are identical. */
export function complaintDescription(): string {
  return `${DESCRIPTIONS[randomInt(DESCRIPTIONS.length)] ?? ''} Ref ${randomInt(1_000_000)}.`;
}

/** The fixed part of a description (for the pgbench script, which appends a random number itself). */
export const PGBENCH_DESCRIPTION = DESCRIPTIONS[0] ?? '';

/** A Pakistani mobile number in the national format citizens type (03XX XXXXXXX). */
export function pakistaniMobile(): string {
  const prefix = ['300', '301', '312', '321', '333', '345'][randomInt(6)] ?? '300';
  return `0${prefix}${String(randomInt(10_000_000)).padStart(7, '0')}`;
}

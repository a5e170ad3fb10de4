/** How deeply a JSON text nests and how many members it has, read without parsing it. */
export interface JsonShape {
  /** Deepest nesting of objects and arrays (0 for a bare scalar). */
  depth: number;
  /** Objects and arrays, plus the commas between their members: about the number of values in the text. */
  members: number;
}

/** The limits a request body must stay within; anything a complaint or a staff action sends is far inside them. */
export interface JsonLimits {
  depth: number;
  members: number;
}

/** Limits for request bodies: a complaint is depth 3 with ~30 members; bulk staff actions list a few hundred codes. */
export const REQUEST_JSON_LIMITS: JsonLimits = { depth: 32, members: 10_000 };

/**
 * Measures a JSON text in one pass, jumping over strings (a photo's base64 is one long string, skipped with
 * indexOf), and stops as soon as a limit is passed. It does not validate: malformed text is the parser's to
 * refuse. The point is to refuse a body of a million tiny members or a deep nest before it is parsed and
 * validated, since the validator lists every bad member and would do (and answer) work in proportion.
 */
export function measureJson(text: string, limits: JsonLimits = { depth: Infinity, members: Infinity }): JsonShape {
  let depth = 0;
  let deepest = 0;
  let members = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      if (i < 0) break;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      members += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth = Math.max(0, depth - 1);
    } else if (c === 0x2c) {
      members += 1;
    } else {
      continue;
    }
    if (deepest > limits.depth || members > limits.members) break;
  }
  return { depth: deepest, members };
}

// Index of the quote closing the string opened at `open`, or -1 if it never closes. A quote is escaped when an
// odd number of backslashes precede it.
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}

/** Which limit a shape passes, if any. */
export function exceededLimit(shape: JsonShape, limits: JsonLimits): 'depth' | 'members' | null {
  if (shape.depth > limits.depth) return 'depth';
  if (shape.members > limits.members) return 'members';
  return null;
}

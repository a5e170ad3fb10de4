// NUL (PostgreSQL text cannot hold it: the insert fails) and lone UTF-16 surrogates (not Unicode: they would be
// stored as U+FFFD, so what is read back differs from what was sent).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/**
 * JSON pointers to every string (or object key) in a parsed request part that PostgreSQL could not store as sent.
 * Walks the value iteratively, so depth is no risk; request bodies are bounded by json-shape.ts before this runs.
 */
export function unstorableText(value: unknown, base = ''): string[] {
  const found: string[] = [];
  // Entries are visited in document order; a bad key is queued as a finding in its place.
  const stack: [unknown, string, 'found'?][] = [[value, base]];
  while (stack.length > 0) {
    const [item, pointer, finding] = stack.pop()!;
    if (finding) {
      found.push(pointer);
    } else if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) found.push(pointer || '/');
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${pointer}/${i}`]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        stack.push(UNSTORABLE.test(key) ? [null, at, 'found'] : [child, at]);
      }
    }
  }
  return found;
}

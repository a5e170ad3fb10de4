/** How much of a message is read for its header block when it is received (the full parse comes later). */
const HEAD_LIMIT = 64 * 1024;

/**
 * The value of the first header with this name in a raw message's header block (unfolded, trimmed), or null. Only the
 * block before the first empty line is read, and at most 64 KiB of it: this runs while the SMTP client waits.
 */
export function rawHeader(raw: Buffer | string, name: string): string | null {
  const text = (typeof raw === 'string' ? raw.slice(0, HEAD_LIMIT) : raw.subarray(0, HEAD_LIMIT).toString('latin1')).replace(/\r\n?/g, '\n');
  const end = text.search(/\n\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const wanted = name.toLowerCase();
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line) || line.slice(0, colon).trim().toLowerCase() !== wanted) continue;
    let value = line.slice(colon + 1);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += ` ${lines[++i]!.trim()}`;
    return value.trim();
  }
  return null;
}

/**
 * The first address in a header value ("Name <a@b.example>", "a@b.example (Name)", "<a@b.example>, …"), lower-cased
 * domain kept as written; null when there is none. Encoded names (RFC 2047) need no decoding to find the address.
 */
export function addressIn(value: string | null): string | null {
  if (!value) return null;
  const bracketed = /<\s*([^<>\s@]+@[^<>\s@]+)\s*>/.exec(value);
  if (bracketed) return bracketed[1]!;
  const bare = /(?:^|[\s,;:])([^\s<>(),;:"@]+@[^\s<>(),;:"@]+)/.exec(value);
  return bare ? bare[1]!.replace(/\.$/, '') : null;
}

/**
 * Ogg Opus voice notes (what WhatsApp records), checked and cleaned without decoding the audio: the file must be
 * one Ogg stream of well-formed pages (RFC 3533, each page's CRC right, nothing before, between or after them)
 * holding an Opus stream (RFC 7845: ID header, then comment header, then audio). The comment header, the only place
 * such a file keeps text (tags, the recording app), is replaced by an empty one, as photos are re-encoded.
 */

/** One Ogg page as it is framed. */
export interface OggPage {
  headerType: number;
  granule: bigint;
  serial: number;
  sequence: number;
  /** Lacing values: the body is cut into packets where a value is below 255. */
  segments: number[];
  body: Buffer;
}

const CAPTURE = Buffer.from('OggS');
const CONTINUED = 0x01;
const FIRST_PAGE = 0x02;
// RFC 3533: a page carries at most 255 segments of 255 bytes.
const HEADER = 27;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let r = n << 24;
  for (let i = 0; i < 8; i++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

/** Ogg's CRC-32 (polynomial 0x04c11db7, initial 0, not reflected, no final xor). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
  return crc;
}

/** A page's bytes, its CRC computed. */
export function writeOggPage(page: OggPage): Buffer {
  const header = Buffer.alloc(HEADER + page.segments.length);
  CAPTURE.copy(header, 0);
  header.writeUInt8(0, 4);
  header.writeUInt8(page.headerType, 5);
  header.writeBigInt64LE(page.granule, 6);
  header.writeUInt32LE(page.serial, 14);
  header.writeUInt32LE(page.sequence, 18);
  header.writeUInt8(page.segments.length, 26);
  Buffer.from(page.segments).copy(header, HEADER);
  const bytes = Buffer.concat([header, page.body]);
  bytes.writeUInt32LE(oggCrc(bytes), 22);
  return bytes;
}

/** Reads a whole file as Ogg pages; null unless it is nothing but well-formed pages with right CRCs. */
export function readOggPages(data: Buffer, maxPages = 200_000): OggPage[] | null {
  const pages: OggPage[] = [];
  let at = 0;
  while (at < data.length) {
    if (pages.length >= maxPages || at + HEADER > data.length || !data.subarray(at, at + 4).equals(CAPTURE) || data[at + 4] !== 0) return null;
    const count = data[at + 26] as number;
    const segments = [...data.subarray(at + HEADER, at + HEADER + count)];
    const size = HEADER + count + segments.reduce((a, b) => a + b, 0);
    if (segments.length !== count || at + size > data.length) return null;
    const bytes = Buffer.from(data.subarray(at, at + size));
    const crc = bytes.readUInt32LE(22);
    bytes.writeUInt32LE(0, 22);
    if (oggCrc(bytes) !== crc) return null;
    pages.push({ headerType: data[at + 5] as number, granule: data.readBigInt64LE(at + 6), serial: data.readUInt32LE(at + 14), sequence: data.readUInt32LE(at + 18), segments, body: bytes.subarray(HEADER + count) });
    at += size;
  }
  return pages;
}

/** The bytes of the packet starting at the beginning of `pages[from]`, and the index of the page it ends on. */
function packetAt(pages: OggPage[], from: number): { packet: Buffer; lastPage: number; endsPage: boolean } | null {
  const parts: Buffer[] = [];
  for (let p = from; p < pages.length; p++) {
    const page = pages[p] as OggPage;
    if (p > from && !(page.headerType & CONTINUED)) return null;
    let offset = 0;
    for (const [i, lacing] of page.segments.entries()) {
      parts.push(page.body.subarray(offset, offset + lacing));
      offset += lacing;
      if (lacing < 255) return { packet: Buffer.concat(parts), lastPage: p, endsPage: i === page.segments.length - 1 };
    }
  }
  return null;
}

/** An empty comment header: the vendor string names us, and no comments follow. */
function emptyTags(): Buffer {
  const vendor = Buffer.from('ekhtyar');
  const packet = Buffer.alloc(8 + 4 + vendor.length + 4);
  packet.write('OpusTags', 0, 'latin1');
  packet.writeUInt32LE(vendor.length, 8);
  vendor.copy(packet, 12);
  packet.writeUInt32LE(0, 12 + vendor.length);
  return packet;
}

/**
 * The voice note with its comment header emptied, or null when the bytes are not one well-formed Ogg Opus stream
 * (a first page holding only the ID header, a comment header ending a page, audio pages after it).
 */
export function cleanOggOpus(data: Buffer): Buffer | null {
  const pages = readOggPages(data);
  if (!pages || pages.length < 3) return null;
  const first = pages[0] as OggPage;
  // One logical stream (WhatsApp records one): chained or multiplexed streams are refused, not unpicked.
  if (!(first.headerType & FIRST_PAGE) || pages.some((p, i) => p.serial !== first.serial || p.sequence !== i || (i > 0 && p.headerType & FIRST_PAGE))) return null;
  const head = packetAt(pages, 0);
  if (!head || head.lastPage !== 0 || !head.endsPage || head.packet.length < 19 || head.packet.subarray(0, 8).toString('latin1') !== 'OpusHead' || (head.packet[8] as number) >> 4 !== 0) return null;
  const tags = packetAt(pages, 1);
  if (!tags || !tags.endsPage || tags.packet.subarray(0, 8).toString('latin1') !== 'OpusTags') return null;
  const audio = pages.slice(tags.lastPage + 1);
  if (audio.length === 0 || (audio[0] as OggPage).headerType & CONTINUED) return null;
  const packet = emptyTags();
  const rewritten = [
    writeOggPage(first),
    writeOggPage({ headerType: 0, granule: 0n, serial: first.serial, sequence: 1, segments: [packet.length], body: packet }),
    ...audio.map((p, i) => writeOggPage({ ...p, sequence: i + 2 })),
  ];
  return Buffer.concat(rewritten);
}

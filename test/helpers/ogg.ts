import { writeOggPage, type OggPage } from '../../server/domain/media/ogg-opus.js';

/** Lacing values of one packet (RFC 3533): 255 per full segment, then the rest (0 when it ends on a boundary). */
const lacing = (size: number) => [...Array<number>(Math.floor(size / 255)).fill(255), size % 255];

/** Pages carrying the packets in order, continuing a packet over pages when it needs more than 255 segments. */
function paged(packets: Buffer[], serial: number, firstSequence: number, headerType: number, granule: bigint): OggPage[] {
  const pages: OggPage[] = [];
  for (const packet of packets) {
    const values = lacing(packet.length);
    let offset = 0;
    for (let start = 0; start < values.length; start += 255) {
      const segments = values.slice(start, start + 255);
      const size = segments.reduce((a, b) => a + b, 0);
      pages.push({ headerType: (start > 0 ? 0x01 : 0) | (pages.length === 0 ? headerType : 0), granule, serial, sequence: firstSequence + pages.length, segments, body: packet.subarray(offset, offset + size) });
      offset += size;
    }
  }
  return pages;
}

/**
 * A voice note as WhatsApp records it: an Ogg Opus stream with an ID header page, a comment header (with the
 * comments given), and audio packets (their bytes are not decoded by anything here). Built by the RFCs, for tests.
 */
export function oggOpusVoiceNote(options: { comments?: string[]; audio?: Buffer[]; serial?: number } = {}): Buffer {
  const serial = options.serial ?? 0x5eed;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48_000, 12);
  const vendor = Buffer.from('WhatsApp');
  const comments = (options.comments ?? []).map((c) => Buffer.from(c));
  const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), u32(vendor.length), vendor, u32(comments.length), ...comments.flatMap((c) => [u32(c.length), c])]);
  const audio = options.audio ?? [Buffer.from([0xfc, 0xff, 0xfe]), Buffer.alloc(300, 7), Buffer.from([0xfc, 1, 2, 3])];
  const pages = [...paged([head], serial, 0, 0x02, 0n), ...paged([tags], serial, 1, 0, 0n)];
  const audioPages = audio.flatMap((packet, i) => paged([packet], serial, pages.length + i, 0, BigInt((i + 1) * 960)));
  if (audioPages.length > 0) audioPages[audioPages.length - 1]!.headerType |= 0x04;
  // Sequence numbers follow on whatever the packets needed.
  return Buffer.concat([...pages, ...audioPages].map((p, i) => writeOggPage({ ...p, sequence: i })));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

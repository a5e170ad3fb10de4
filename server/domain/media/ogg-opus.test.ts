import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oggOpusVoiceNote } from '../../../test/helpers/ogg.js';
import { cleanOggOpus, oggCrc, readOggPages } from './ogg-opus.js';

/** The packets of a well-formed stream, joined across pages. */
function packets(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let open: Buffer[] = [];
  for (const page of readOggPages(data) ?? []) {
    let offset = 0;
    for (const lacing of page.segments) {
      open.push(page.body.subarray(offset, offset + lacing));
      offset += lacing;
      if (lacing < 255) {
        out.push(Buffer.concat(open));
        open = [];
      }
    }
  }
  return out;
}

const audio = fc.array(fc.uint8Array({ minLength: 1, maxLength: 700 }).map((a) => Buffer.from(a)), { minLength: 1, maxLength: 6 });
const comments = fc.array(fc.string({ maxLength: 80 }).map((s) => `COMMENT=${s}`), { maxLength: 4 });

describe('Ogg Opus voice notes', () => {
  it("computes Ogg's CRC (check value of \"123456789\")", () => {
    expect(oggCrc(Buffer.from('123456789'))).toBe(0x89a1897f);
  });

  it('empties the comment header and keeps the ID header and every audio packet as they were', () => {
    fc.assert(
      fc.property(audio, comments, (sound, tags) => {
        const original = oggOpusVoiceNote({ audio: sound, comments: tags });
        const cleaned = cleanOggOpus(original);
        expect(cleaned).not.toBeNull();
        const [head, tagsPacket, ...rest] = packets(cleaned as Buffer);
        expect(head).toEqual(packets(original)[0]);
        expect(tagsPacket?.toString('latin1')).toBe('OpusTags\u0007\u0000\u0000\u0000ekhtyar\u0000\u0000\u0000\u0000');
        expect(rest).toEqual(sound);
        // Cleaning a cleaned note changes nothing.
        expect(cleanOggOpus(cleaned as Buffer)).toEqual(cleaned);
      }),
      { numRuns: 60 },
    );
  });

  it('takes a comment header spread over several pages (a large embedded picture)', () => {
    const original = oggOpusVoiceNote({ comments: [`METADATA_BLOCK_PICTURE=${'A'.repeat(70_000)}`] });
    expect(readOggPages(original)?.length).toBeGreaterThan(4);
    const cleaned = cleanOggOpus(original) as Buffer;
    expect(cleaned.length).toBeLessThan(2000);
    expect(cleaned.includes(Buffer.from('METADATA'))).toBe(false);
  });

  it('refuses any changed byte, anything appended or cut off, and a stream that is not Opus', () => {
    const original = oggOpusVoiceNote();
    fc.assert(
      fc.property(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const altered = Buffer.from(original);
        altered[at] = (altered[at] as number) ^ flip;
        expect(cleanOggOpus(altered)).toBeNull();
      }),
    );
    expect(cleanOggOpus(Buffer.concat([original, Buffer.from('<?php system($_GET[1]); ?>')]))).toBeNull();
    expect(cleanOggOpus(original.subarray(0, original.length - 1))).toBeNull();
    expect(cleanOggOpus(Buffer.from(original.toString('latin1').replace('OpusHead', 'OpusHexd'), 'latin1'))).toBeNull();
  });

  it('never throws on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const withCapture = Buffer.concat([Buffer.from('OggS'), Buffer.from(bytes)]);
      expect(() => cleanOggOpus(Buffer.from(bytes))).not.toThrow();
      expect(() => cleanOggOpus(withCapture)).not.toThrow();
    }));
  });
});

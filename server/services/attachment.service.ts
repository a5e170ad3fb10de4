import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { GeoPoint } from '../domain/geo/photo-location.js';
import { cleanOggOpus } from '../domain/media/ogg-opus.js';
import { attachmentTooLarge, attachmentTypeRefused, invalidFields, photoFormatUnsupported, photoUnreadable, scanTypeRefused, voiceNoteTypeRefused, voiceNoteUnreadable } from '../errors.js';
import type { AttachmentRow } from '../store/complaint-intake.repository.js';
import { canClean, cleanPhoto } from './photo.service.js';

/** A photo as a client sends it in JSON: base64 bytes and an optional file name. */
export interface PhotoInput {
  filename?: string;
  data: string;
}

/** A checked photo, ready to be attached to an event. */
export type PreparedAttachment = Omit<AttachmentRow, 'complaintId' | 'eventSeq' | 'createdAt'>;

/** Checked and cleaned photos, and the first GPS position among them (only read when the citizen shares it). */
export interface PreparedPhotos {
  attachments: PreparedAttachment[];
  location: GeoPoint | null;
}

// Types are decided by the bytes (magic numbers), never by the file name or a declared type; the stored type is
// that of the re-encoded bytes.
const ACCEPTED_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif', 'image/avif']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$|^[A-Za-z0-9_-]*$/;

/**
 * Decodes and checks photos: each must be valid base64, within the size limit, and really an image (checked by
 * its magic bytes, then decoded); then re-encodes it so no metadata (GPS above all) or hidden content is stored,
 * keeping only the GPS position when `keepLocation`. Throws a 4xx naming the photo's JSON pointer otherwise.
 */
export async function preparePhotos(photos: PhotoInput[], pointer: string, maxBytes: number, keepLocation = false): Promise<PreparedPhotos> {
  const prepared: PreparedAttachment[] = [];
  let location: GeoPoint | null = null;
  for (const [index, photo] of photos.entries()) {
    const at = `${pointer}/${index}`;
    const encoded = photo.data.replace(/^data:[^;,]*;base64,/, '').replace(/\s+/g, '');
    if (!BASE64.test(encoded) || encoded.length === 0) {
      throw invalidFields('A photo is not valid base64.', [{ pointer: `${at}/data`, detail: 'must be base64-encoded image bytes' }]);
    }
    // 4 base64 characters carry 3 bytes: refuse oversize input before decoding it.
    if (Math.floor((encoded.length * 3) / 4) - 2 > maxBytes) throw attachmentTooLarge(at, maxBytes);
    const data = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (data.length > maxBytes) throw attachmentTooLarge(at, maxBytes);
    const type = await fileTypeFromBuffer(data);
    if (!type || !ACCEPTED_IMAGE_TYPES.has(type.mime)) throw attachmentTypeRefused(at, type?.mime ?? null);
    // HEIC needs a decoder the prebuilt image library does not carry, so it could not be cleaned of its location.
    if (!canClean(type.mime)) throw photoFormatUnsupported(at, type.ext.toUpperCase());
    const cleaned = await cleanPhoto(data, type.mime, keepLocation);
    if (!cleaned) throw photoUnreadable(at);
    location ??= cleaned.location;
    const id = randomUUID();
    prepared.push({
      id,
      filename: safeFilename(photo.filename, index, cleaned.ext),
      contentType: cleaned.contentType,
      sizeBytes: cleaned.data.length,
      sha256: createHash('sha256').update(cleaned.data).digest(),
      storageKey: `attachments/${id}`,
      data: cleaned.data,
    });
  }
  return { attachments: prepared, location };
}

// A file name is only a label: strip paths, control characters and leading dots, keep it short, and end it in the
// type of the stored bytes (a PNG sent as "photo.jpg" is saved as "photo.png"). Storage keys never use it.
function safeFilename(name: string | undefined, index: number, ext: string): string {
  const base = (name ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\.[^.]*$/, '')
    .replace(/^[\s.]+/, '')
    .trim()
    .slice(0, 120);
  return `${base || `photo-${index + 1}`}.${ext}`;
}

/** A letter's scanned page as it arrived in a multipart part. */
export interface ScanInput {
  filename: string;
  data: Buffer;
}

/**
 * Checks a letter's scanned pages by their magic bytes: PDFs (what office scanners make) are kept as they are;
 * images are re-encoded as photos are, so no metadata survives. Anything else answers 415 naming the part.
 */
export async function prepareScans(scans: ScanInput[], pointer: string): Promise<PreparedAttachment[]> {
  const prepared: PreparedAttachment[] = [];
  for (const [index, scan] of scans.entries()) {
    const at = `${pointer}/${index}`;
    const type = await fileTypeFromBuffer(scan.data);
    let stored: { data: Buffer; contentType: string; ext: string } | null = null;
    if (type?.mime === 'application/pdf') stored = { data: scan.data, contentType: 'application/pdf', ext: 'pdf' };
    else if (type && ACCEPTED_IMAGE_TYPES.has(type.mime) && canClean(type.mime)) {
      const cleaned = await cleanPhoto(scan.data, type.mime, false);
      if (!cleaned) throw photoUnreadable(at);
      stored = cleaned;
    }
    if (!stored) throw scanTypeRefused(at, type?.mime ?? null);
    const id = randomUUID();
    prepared.push({
      id,
      filename: safeFilename(scan.filename, index, stored.ext).replace(/^photo-/, 'page-'),
      contentType: stored.contentType,
      sizeBytes: stored.data.length,
      sha256: createHash('sha256').update(stored.data).digest(),
      storageKey: `attachments/${id}`,
      data: stored.data,
    });
  }
  return prepared;
}

// WhatsApp records voice notes as Ogg Opus; file-type names it so when the first packet is an Opus ID header.
const VOICE_NOTE_TYPE = 'audio/ogg; codecs=opus';

/**
 * Checks a voice note by its bytes (Ogg Opus only, within the size limit, every page well formed) and empties its
 * comment header, the one place such a file keeps text about itself, as photos are stripped of their metadata.
 * Throws a 4xx naming `pointer` otherwise.
 */
export async function prepareVoiceNote(data: Buffer, pointer: string, maxBytes: number, index: number): Promise<PreparedAttachment> {
  if (data.length > maxBytes) throw attachmentTooLarge(pointer, maxBytes);
  const type = await fileTypeFromBuffer(data);
  if (type?.mime !== VOICE_NOTE_TYPE) throw voiceNoteTypeRefused(pointer, type?.mime ?? null);
  const cleaned = cleanOggOpus(data);
  if (!cleaned) throw voiceNoteUnreadable(pointer);
  const id = randomUUID();
  return { id, filename: `voice-note-${index + 1}.ogg`, contentType: 'audio/ogg', sizeBytes: cleaned.length, sha256: createHash('sha256').update(cleaned).digest(), storageKey: `attachments/${id}`, data: cleaned };
}

/** What a citizen's WhatsApp message gives the filing bot, read from the message as the webhook carried it. */
export type WhatsAppInput =
  | { kind: 'text'; text: string }
  | { kind: 'choice'; id: string }
  | { kind: 'location'; latitude: number; longitude: number; label: string | null }
  | { kind: 'media'; media: 'photo' | 'voice_note' | 'other'; mediaId: string; mimeType: string | null; sha256: string | null; caption: string | null }
  | { kind: 'unsupported' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d{1,3}(\.\d{1,15})?$/.test(v) ? Number(v) : null);

// WhatsApp's own caps: 4,096 characters of text, 256 of a button id, 1,024 of a caption.
const TEXT_MAX = 4096;
const ID_MAX = 256;

/**
 * Reads one inbound message (the `message` of a webhook item). Interactive replies (list rows, reply buttons) and
 * template quick-reply buttons become the id chosen; a shared location its coordinates; images and voice notes
 * (and documents that are images or audio) the media id to fetch. Pure: never throws, whatever it is given.
 */
export function readWhatsAppMessage(message: unknown): WhatsAppInput {
  if (!isObj(message)) return { kind: 'unsupported' };
  const part = (key: string): Obj => (isObj(message[key]) ? message[key] : {});
  switch (message.type) {
    case 'text': {
      const text = str(part('text').body, TEXT_MAX);
      return text ? { kind: 'text', text } : { kind: 'unsupported' };
    }
    case 'interactive': {
      const interactive = part('interactive');
      const reply = isObj(interactive.button_reply) ? interactive.button_reply : isObj(interactive.list_reply) ? interactive.list_reply : {};
      const id = str(reply.id, ID_MAX);
      return id ? { kind: 'choice', id } : { kind: 'unsupported' };
    }
    case 'button': {
      // A template's quick-reply button: the payload we set when sending it, else only its words.
      const button = part('button');
      const id = str(button.payload, ID_MAX);
      const text = str(button.text, TEXT_MAX);
      return id ? { kind: 'choice', id } : text ? { kind: 'text', text } : { kind: 'unsupported' };
    }
    case 'location':
      return location(part('location'));
    case 'image':
    case 'audio':
    case 'document':
    case 'video':
    case 'sticker':
      return media(message.type, part(message.type));
    default:
      return { kind: 'unsupported' };
  }
}

function location(place: Obj): WhatsAppInput {
  const latitude = num(place.latitude);
  const longitude = num(place.longitude);
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return { kind: 'unsupported' };
  const label = [str(place.name, 200), str(place.address, 300)].filter((s) => s !== null).join(', ');
  return { kind: 'location', latitude, longitude, label: label === '' ? null : label };
}

function media(type: string, part: Obj): WhatsAppInput {
  const mediaId = typeof part.id === 'string' && /^[0-9A-Za-z_.-]{1,128}$/.test(part.id) ? part.id : null;
  if (!mediaId) return { kind: 'unsupported' };
  const mimeType = str(part.mime_type, 100);
  const declared = mimeType?.toLowerCase() ?? '';
  // The declared type only chooses how to check the file; the bytes decide whether it is kept.
  const kind = type === 'image' || (type === 'document' && declared.startsWith('image/')) ? 'photo' : type === 'audio' || (type === 'document' && declared.startsWith('audio/')) ? 'voice_note' : 'other';
  return { kind: 'media', media: kind, mediaId, mimeType, sha256: str(part.sha256, 100), caption: str(part.caption, 1024) };
}

/**
 * The filing form's state as plain data: kept in this browser's storage as the citizen types (so a dropped
 * connection or a closed tab loses nothing), turned into the body POST /api/v1/complaints takes, and the server's
 * field pointers turned back into the form's fields. Photos are not part of the draft (their bytes are too big
 * for storage); they travel with a queued submission only.
 */

export type Answer = string | string[];

export interface Draft {
  categoryId: string;
  attributes: Record<string, Answer>;
  description: string;
  districtId: string;
  tehsilId: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  name: string;
  phone: string;
  email: string;
  cnic: string;
  anonymous: boolean;
}

export const EMPTY_DRAFT: Draft = {
  categoryId: '',
  attributes: {},
  description: '',
  districtId: '',
  tehsilId: '',
  address: '',
  latitude: null,
  longitude: null,
  name: '',
  phone: '',
  email: '',
  cnic: '',
  anonymous: false,
};

const VERSION = 1;
const STRINGS = ['categoryId', 'description', 'districtId', 'tehsilId', 'address', 'name', 'phone', 'email', 'cnic'] as const;

export function serialiseDraft(draft: Draft): string {
  return JSON.stringify({ v: VERSION, ...draft });
}

/** A stored draft read back; anything missing, of the wrong type or from another version is left empty, never thrown. */
export function parseDraft(text: string | null): Draft {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? 'null');
  } catch {
    return { ...EMPTY_DRAFT, attributes: {} };
  }
  if (!isRecord(raw) || raw.v !== VERSION) return { ...EMPTY_DRAFT, attributes: {} };
  const draft: Draft = { ...EMPTY_DRAFT, attributes: {} };
  for (const key of STRINGS) if (typeof raw[key] === 'string') draft[key] = raw[key];
  for (const key of ['latitude', 'longitude'] as const) {
    const value = raw[key];
    if (typeof value === 'number' && Number.isFinite(value)) draft[key] = value;
  }
  if (draft.latitude === null || draft.longitude === null) draft.latitude = draft.longitude = null;
  draft.anonymous = raw.anonymous === true;
  if (isRecord(raw.attributes)) {
    for (const [code, value] of Object.entries(raw.attributes)) {
      if (typeof value === 'string') draft.attributes[code] = value;
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) draft.attributes[code] = value;
    }
  }
  return draft;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the body needs to know of a category's extra fields. */
export interface AttributeShape {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
}

/** An answer as the API takes it, or undefined when the citizen left the field empty. */
export function answerValue(attribute: AttributeShape, answer: Answer | undefined): string | number | string[] | undefined {
  if (answer === undefined) return undefined;
  if (attribute.datatype === 'multivaluelist') {
    const keys = Array.isArray(answer) ? answer : [answer];
    return keys.length > 0 ? keys : undefined;
  }
  const text = (Array.isArray(answer) ? (answer[0] ?? '') : answer).trim();
  if (text === '') return undefined;
  if (attribute.datatype === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  // <input type="datetime-local"> gives minutes; the API reads a time without a zone as Pakistan time.
  if (attribute.datatype === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return `${text}:00`;
  return text;
}

export interface ComplaintBody {
  categoryId: string;
  description: string;
  location?: { areaId?: string; latitude?: number; longitude?: number; address?: string };
  contact?: { name?: string; phone?: string; email?: string; cnic?: string };
  anonymous?: boolean;
  language: 'en' | 'ur' | 'ps';
  timeZone?: string;
  channel: 'web';
  attributes?: Record<string, string | number | string[]>;
  officeUse: string;
  photos?: { filename: string; data: string }[];
}

/** The JSON body of POST /api/v1/complaints for the draft (photos are added by the caller). Empty fields are left out. */
export function complaintBody(draft: Draft, attributes: readonly AttributeShape[], language: ComplaintBody['language'], timeZone: string | undefined, honeypot = ''): ComplaintBody {
  const body: ComplaintBody = { categoryId: draft.categoryId, description: draft.description.trim(), language, channel: 'web', officeUse: honeypot };
  const location: NonNullable<ComplaintBody['location']> = {};
  const areaId = draft.tehsilId || draft.districtId;
  if (areaId) location.areaId = areaId;
  if (draft.latitude !== null && draft.longitude !== null) {
    location.latitude = draft.latitude;
    location.longitude = draft.longitude;
  }
  if (draft.address.trim()) location.address = draft.address.trim();
  if (Object.keys(location).length > 0) body.location = location;
  const contact: NonNullable<ComplaintBody['contact']> = {};
  for (const key of ['name', 'phone', 'email', 'cnic'] as const) if (draft[key].trim()) contact[key] = draft[key].trim();
  if (Object.keys(contact).length > 0) body.contact = contact;
  if (draft.anonymous) body.anonymous = true;
  if (timeZone) body.timeZone = timeZone;
  const answers: Record<string, string | number | string[]> = {};
  for (const attribute of attributes) {
    const value = answerValue(attribute, draft.attributes[attribute.code]);
    if (value !== undefined) answers[attribute.code] = value;
  }
  if (Object.keys(answers).length > 0) body.attributes = answers;
  return body;
}

/**
 * The form field (its element id) a problem's JSON pointer names, or null for a problem about the whole
 * submission. `/contact` alone (no way to reach the citizen) is shown at the phone field.
 */
export function fieldForPointer(pointer: string): string | null {
  const parts = pointer.split('/').slice(1);
  const [first, second] = parts;
  switch (first) {
    case 'categoryId':
      return 'category-search';
    case 'description':
      return 'description';
    case 'location':
      if (second === 'address') return 'address';
      if (second === 'latitude' || second === 'longitude') return 'locate';
      return 'district';
    case 'contact':
      return second === 'name' || second === 'email' || second === 'cnic' ? second : 'phone';
    case 'photos':
      return 'photos';
    case 'attributes':
      return second ? attributeFieldId(decodePointerToken(second)) : null;
    case 'timeZone':
    case 'language':
    default:
      return null;
  }
}

/** The element id of a category's extra field. */
export function attributeFieldId(code: string): string {
  return `attr-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

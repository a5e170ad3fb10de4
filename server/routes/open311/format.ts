import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import type { Open311Format } from '../../domain/open311/open311-request.js';

type Item = Record<string, unknown>;

// Characters XML 1.0 cannot carry at all, even escaped: dropped from text rather than making the document unreadable.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu;
const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/**
 * Sends a GeoReport v2 list: a JSON array, or XML as <root><item>…</item></root> (the spec's element names).
 * Nulls become empty elements and booleans "true"/"false", as in the spec's XML examples.
 */
export function sendList(reply: FastifyReply, format: Open311Format, root: string, item: string, items: Item[], status = 200) {
  reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(items);
  return reply.type('text/xml; charset=utf-8').send(xmlDocument({ [root]: { [item]: items.map(xmlValues) } }));
}

/** Sends one GeoReport v2 object (the discovery document, a service definition) in either format. */
export function sendObject(reply: FastifyReply, format: Open311Format, root: string, value: Item) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(value);
  return reply.type('text/xml; charset=utf-8').send(xmlDocument({ [root]: xmlValues(value) }));
}

function xmlDocument(value: Item): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(value) as string}`;
}

function xmlValues(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(xmlValues);
  return Object.fromEntries(Object.entries(value as Item).map(([k, v]) => [k, xmlValues(v)]));
}

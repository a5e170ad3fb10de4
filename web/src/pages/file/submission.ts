import type { Problem } from '../../http.js';
import { fieldForPointer } from './draft.js';
import type { FormError } from './types.js';

/** A fresh Idempotency-Key for one submission attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A photo's bytes as base64, for a submission kept offline (the JSON body's `photos[].data`). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}

/** Messages in the reader's language for the problems the form knows; the server's words for the rest. */
export type Localise = (field: string, pointer: string, detail: string) => string;

/** A refusal's field problems as form errors (each beside its field), else one error for the whole form. */
export function problemErrors(problem: Problem, localise: Localise, general: (detail: string) => string): FormError[] {
  const errors = (problem.errors ?? []).map((e) => {
    const field = fieldForPointer(e.pointer);
    return field ? { field, message: localise(field, e.pointer, e.detail) } : { field: null, message: general(e.detail) };
  });
  return errors.length > 0 ? errors : [{ field: null, message: general(problem.detail || problem.title) }];
}

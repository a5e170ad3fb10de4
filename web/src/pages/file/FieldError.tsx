import type { FormError } from './types.js';

/** The id of the message beside a field, for its aria-describedby. */
export const errorId = (field: string) => `${field}-error`;

/** The messages for one field, or nothing. */
export function FieldError({ field, errors }: { field: string; errors: FormError[] }) {
  const mine = errors.filter((e) => e.field === field);
  if (mine.length === 0) return null;
  return (
    <p className="field-error" id={errorId(field)}>
      {mine.map((e) => e.message).join(' ')}
    </p>
  );
}

/** aria attributes of a field with a hint and maybe an error. */
export function describedBy(field: string, errors: FormError[], hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const invalid = errors.some((e) => e.field === field);
  const ids = [hint, invalid ? errorId(field) : undefined].filter(Boolean).join(' ');
  return { ...(invalid ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

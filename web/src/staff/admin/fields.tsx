import { useId, type ReactNode } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useMessages } from '../../i18n/messages.js';
import { adminMessages } from './admin.messages.js';

/** Names in the three languages, as forms hold them. */
export interface NamesValue {
  en: string;
  ur: string;
  ps: string;
}
export const NO_NAMES: NamesValue = { en: '', ur: '', ps: '' };

/** The problems of one field, shown beside it and referenced by aria-describedby. */
function FieldErrors({ id, problem, pointer }: { id: string; problem: Problem | null; pointer: string }) {
  const errors = problemsAt(problem, pointer);
  if (errors.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      {errors.map((e) => e.detail).join('; ')}
    </p>
  );
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list === '' ? undefined : list;
}

/** A labelled text (or number, date, e-mail) input with its hint and errors. */
export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  problem: Problem | null;
  pointer: string;
  type?: 'text' | 'number' | 'date' | 'email';
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  dir?: 'ltr' | 'rtl' | 'auto';
  lang?: string;
  min?: number;
  max?: number;
}) {
  const id = useId();
  const invalid = problemsAt(props.problem, props.pointer).length > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        dir={props.dir}
        lang={props.lang}
        min={props.min}
        max={props.max}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(props.hint && `${id}-hint`, invalid && `${id}-error`)}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <FieldErrors id={`${id}-error`} problem={props.problem} pointer={props.pointer} />
    </div>
  );
}

/** A labelled select. */
export function SelectField(props: { label: string; value: string; onChange(value: string): void; problem: Problem | null; pointer: string; options: { value: string; label: string }[]; hint?: string; multiple?: false }) {
  const id = useId();
  const invalid = problemsAt(props.problem, props.pointer).length > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <select id={id} value={props.value} aria-invalid={invalid || undefined} aria-describedby={describedBy(props.hint && `${id}-hint`, invalid && `${id}-error`)} onChange={(event) => props.onChange(event.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={`${id}-error`} problem={props.problem} pointer={props.pointer} />
    </div>
  );
}

/** The three names of a thing: English left to right, Urdu and Pashto right to left. */
export function NamesFields({ value, onChange, problem, pointer = '/name', optionalLocal = false }: { value: NamesValue; onChange(value: NamesValue): void; problem: Problem | null; pointer?: string; optionalLocal?: boolean }) {
  const t = useMessages(adminMessages);
  const local = (key: 'name.ur' | 'name.ps') => (optionalLocal ? `${t(key)} ${t('optional')}` : t(key));
  return (
    <fieldset className="field names">
      <legend>{t('names')}</legend>
      <TextField label={t('name.en')} value={value.en} onChange={(en) => onChange({ ...value, en })} problem={problem} pointer={`${pointer}/en`} dir="ltr" lang="en" required />
      <TextField label={local('name.ur')} value={value.ur} onChange={(ur) => onChange({ ...value, ur })} problem={problem} pointer={`${pointer}/ur`} dir="rtl" lang="ur" required={!optionalLocal} />
      <TextField label={local('name.ps')} value={value.ps} onChange={(ps) => onChange({ ...value, ps })} problem={problem} pointer={`${pointer}/ps`} dir="rtl" lang="ps" required={!optionalLocal} />
    </fieldset>
  );
}

/** A form's frame: heading, a summary of problems (an alert), its fields and its buttons. */
export function AdminForm({ title, problem, onSubmit, submitLabel, onCancel, children }: { title: string; problem: Problem | null; onSubmit(): void; submitLabel: string; onCancel?: () => void; children: ReactNode }) {
  const t = useMessages(adminMessages);
  const id = useId();
  return (
    <form
      className="admin-form"
      aria-labelledby={id}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h2 id={id}>{title}</h2>
      {problem && (
        <p className="notice error" role="alert">
          {problem.errors?.length ? t('formProblem') : t('actionFailed', { detail: problem.detail })}
        </p>
      )}
      {children}
      <div className="row">
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Names from the API (Urdu or Pashto may be null) for a form. */
export function namesValue(names: { en: string; ur: string | null; ps: string | null }): NamesValue {
  return { en: names.en, ur: names.ur ?? '', ps: names.ps ?? '' };
}

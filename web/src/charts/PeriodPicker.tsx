import { useState, type FormEvent, type ReactNode } from 'react';
import { useMessages } from '../i18n/messages.js';
import { chartsMessages } from './charts.messages.js';

/** Period fields (from, to) and a button; days in Pakistan time, as the API takes them. */
export function PeriodPicker({ from, to, onChange, errors = {}, children }: { from: string; to: string; onChange(period: { from: string; to: string }): void; errors?: { from?: string; to?: string }; children?: ReactNode }) {
  const t = useMessages(chartsMessages);
  const [draft, setDraft] = useState({ from, to });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  const field = (name: 'from' | 'to') => (
    <div className="field">
      <label htmlFor={`period-${name}`}>{t(`period.${name}`)}</label>
      <input id={`period-${name}`} type="date" value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `period-${name}-error` : undefined} />
      {errors[name] && (
        <p id={`period-${name}-error`} className="field-error">
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <form className="period" onSubmit={submit}>
      <fieldset>
        <legend>{t('period.legend')}</legend>
        <div className="row">
          {field('from')}
          {field('to')}
          {children}
        </div>
      </fieldset>
      <button type="submit">{t('period.show')}</button>
    </form>
  );
}


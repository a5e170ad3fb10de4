import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { Names } from '../../api.js';
import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey, localName, type Language } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { intakeMessages } from './intake.messages.js';
import { categoryMatches, spellCode, type Answers, type Area, type AttributeDefinition, type Category, type ListedComplaint } from './intake-form.js';

// What the intake desk's two screens share: the catalogue and areas for the pickers, the category's extra fields,
// field errors beside their fields, the tables of complaints, and the tracking code spelled out to read back.

export type Catalogue = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; categories: Category[]; areas: Area[] };

/** The service catalogue and the areas, loaded once for the pickers. */
export function useCatalogue(): Catalogue {
  const { call } = useStaffSession();
  const [catalogue, setCatalogue] = useState<Catalogue>({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all([
      call<{ categories: Category[] }>('/api/v1/categories', { signal: controller.signal }),
      call<{ areas: Area[] }>('/api/v1/areas', { signal: controller.signal }),
    ])
      .then(([categories, areas]) => {
        if (categories.ok && areas.ok) setCatalogue({ kind: 'ready', categories: categories.data.categories, areas: areas.data.areas });
        else setCatalogue({ kind: 'failed' });
      })
      .catch(() => undefined);
    return () => controller.abort();
    // `call` changes only with the session's CSRF token; the catalogue does not depend on it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return catalogue;
}

/** The agent's recent filings (by phone and from letters); `reload` after filing. */
export function useFilings(): { filings: ListedComplaint[] | null; reload: () => void } {
  const { call } = useStaffSession();
  const [filings, setFilings] = useState<ListedComplaint[] | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    call<{ complaints: ListedComplaint[] }>('/api/v1/staff/intake/filings?limit=20', { signal: controller.signal })
      .then((result) => setFilings(result.ok ? result.data.complaints : []))
      .catch(() => undefined);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  return { filings, reload: () => setGeneration((g) => g + 1) };
}

/** Props that tie a control to the messages beside it. */
export function invalidProps(errorId: string, errors: { detail: string }[], hintId?: string) {
  const describedBy = [hintId, errors.length > 0 ? errorId : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': errors.length > 0 ? (true as const) : undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy };
}

/** The messages for one field, beside it. */
export function FieldErrors({ id, errors }: { id: string; errors: { detail: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id}>
      {errors.map((error, i) => (
        <p key={i} className="field-error">
          {error.detail}
        </p>
      ))}
    </div>
  );
}

/** A labelled text control with its hint and errors. */
/** The form's problems that belong to no field on it: a general message, then each unplaced field problem. */
export function FormProblems({ general, unplaced }: { general: string | null; unplaced: { detail: string }[] }) {
  return (
    <div role="alert">
      {general ? <p className="notice error">{general}</p> : null}
      {unplaced.map((e, i) => (
        <p key={i} className="field-error">
          {e.detail}
        </p>
      ))}
    </div>
  );
}

export function TextField({
  label,
  hint,
  errors,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors: { detail: string }[];
  children: (ids: { id: string; props: ReturnType<typeof invalidProps> }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, props: invalidProps(errorId, errors, hint ? hintId : undefined) })}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** A category search across the three languages' names, narrowing the list it sits above. */
export function CategoryPicker({ categories, value, onChange, errors }: { categories: Category[]; value: string; onChange: (id: string) => void; errors: { detail: string }[] }) {
  const t = useMessages(intakeMessages);
  const { language } = useI18n();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const hintId = useId();
  const selectId = useId();
  const errorId = useId();
  const shown = useMemo(() => categories.filter((c) => c.id === value || categoryMatches(c, query)), [categories, query, value]);
  const byDepartment = useMemo(() => {
    const groups = new Map<string, { name: Names; categories: Category[] }>();
    for (const category of shown) {
      const group = groups.get(category.department.id) ?? { name: category.department.name, categories: [] };
      group.categories.push(category);
      groups.set(category.department.id, group);
    }
    return [...groups.entries()];
  }, [shown]);
  const onSearch = (text: string) => {
    setQuery(text);
    // One match: choose it, so the agent can move on with Tab.
    const matches = categories.filter((c) => categoryMatches(c, text));
    if (text.trim() !== '' && matches.length === 1 && matches[0]) onChange(matches[0].id);
  };
  return (
    <div className="field category-picker">
      <label htmlFor={searchId}>{t('form.categorySearch')}</label>
      <p id={hintId} className="hint">
        {t('form.categorySearchHint')}
      </p>
      <input id={searchId} type="search" autoComplete="off" aria-describedby={hintId} value={query} onChange={(event) => onSearch(event.target.value)} />
      <label htmlFor={selectId}>{t('form.category')}</label>
      <select id={selectId} name="categoryId" required value={value} onChange={(event) => onChange(event.target.value)} {...invalidProps(errorId, errors)}>
        <option value="">{shown.length === 0 ? t('form.categoryNone') : t('form.categoryChoose')}</option>
        {byDepartment.map(([id, group]) => (
          <optgroup key={id} label={localName(group.name, language)}>
            {group.categories.map((category) => (
              <option key={category.id} value={category.id}>
                {localName(category.name, language)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** The category's extra fields, in their order, each with its question in the agent's language. */
export function AttributeFields({ attributes, answers, onChange, errorsAt }: { attributes: AttributeDefinition[]; answers: Answers; onChange: (answers: Answers) => void; errorsAt: (pointer: string) => { detail: string }[] }) {
  const t = useMessages(intakeMessages);
  const { language } = useI18n();
  if (attributes.length === 0) return null;
  const set = (code: string, value: string | string[]) => onChange({ ...answers, [code]: value });
  const label = (a: AttributeDefinition) => `${a.description[language]}${a.required ? '' : ` ${t('form.optional')}`}`;
  return (
    <fieldset className="field">
      <legend>{t('form.extra')}</legend>
      {[...attributes]
        .sort((a, b) => a.order - b.order)
        .map((attribute) => {
          const errors = errorsAt(`/attributes/${attribute.code}`);
          const hint = attribute.formatHint?.[language];
          const value = answers[attribute.code];
          if (attribute.datatype === 'multivaluelist') {
            const chosen = Array.isArray(value) ? value : [];
            return (
              <MultiChoice key={attribute.code} legend={label(attribute)} errors={errors}>
                {(attribute.values ?? []).map((choice) => (
                  <label key={choice.key} className="choice">
                    <input type="checkbox" checked={chosen.includes(choice.key)} onChange={(event) => set(attribute.code, event.target.checked ? [...chosen, choice.key] : chosen.filter((k) => k !== choice.key))} />{' '}
                    {choice.name[language]}
                  </label>
                ))}
              </MultiChoice>
            );
          }
          const text = typeof value === 'string' ? value : '';
          return (
            <TextField key={attribute.code} label={label(attribute)} hint={hint} errors={errors}>
              {({ id, props }) =>
                attribute.datatype === 'singlevaluelist' ? (
                  <select id={id} required={attribute.required} value={text} onChange={(event) => set(attribute.code, event.target.value)} {...props}>
                    <option value="">—</option>
                    {(attribute.values ?? []).map((choice) => (
                      <option key={choice.key} value={choice.key}>
                        {choice.name[language]}
                      </option>
                    ))}
                  </select>
                ) : attribute.datatype === 'text' ? (
                  <textarea id={id} required={attribute.required} maxLength={attribute.maxLength ?? 2000} value={text} onChange={(event) => set(attribute.code, event.target.value)} {...props} />
                ) : (
                  <input
                    id={id}
                    type={attribute.datatype === 'number' ? 'number' : attribute.datatype === 'datetime' ? 'date' : 'text'}
                    required={attribute.required}
                    min={attribute.min}
                    max={attribute.max}
                    maxLength={attribute.datatype === 'string' ? (attribute.maxLength ?? 200) : undefined}
                    value={text}
                    onChange={(event) => set(attribute.code, event.target.value)}
                    {...props}
                  />
                )
              }
            </TextField>
          );
        })}
    </fieldset>
  );
}

function MultiChoice({ legend, errors, children }: { legend: string; errors: { detail: string }[]; children: ReactNode }) {
  const errorId = useId();
  return (
    <fieldset className="field" aria-describedby={errors.length > 0 ? errorId : undefined}>
      <legend>{legend}</legend>
      {children}
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

/** District, then (optionally) tehsil: the area sent is the tehsil if one is chosen, else the district. */
export function PlacePicker({ areas, district, tehsil, onChange, errors }: { areas: Area[]; district: string; tehsil: string; onChange: (district: string, tehsil: string) => void; errors: { detail: string }[] }) {
  const t = useMessages(intakeMessages);
  const { language } = useI18n();
  const byName = (a: Area, b: Area) => localName(a.name, language).localeCompare(localName(b.name, language), language);
  const districts = useMemo(() => areas.filter((a) => a.level === 'district').sort(byName), [areas, language]); // eslint-disable-line react-hooks/exhaustive-deps
  const tehsils = useMemo(() => areas.filter((a) => a.level === 'tehsil' && a.parentId === district).sort(byName), [areas, district, language]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="place">
      <TextField label={t('form.district')} errors={errors}>
        {({ id, props }) => (
          <select id={id} name="district" value={district} onChange={(event) => onChange(event.target.value, '')} {...props}>
            <option value="">{t('form.chooseDistrict')}</option>
            {districts.map((area) => (
              <option key={area.id} value={area.id}>
                {localName(area.name, language)}
              </option>
            ))}
          </select>
        )}
      </TextField>
      <TextField label={t('form.tehsil')} errors={[]}>
        {({ id, props }) => (
          <select id={id} name="tehsil" value={tehsil} disabled={tehsils.length === 0} onChange={(event) => onChange(district, event.target.value)} {...props}>
            <option value="">{t('form.anyTehsil')}</option>
            {tehsils.map((area) => (
              <option key={area.id} value={area.id}>
                {localName(area.name, language)}
              </option>
            ))}
          </select>
        )}
      </TextField>
    </div>
  );
}

/** The word for a state or a channel. */
export function useWords() {
  const { t: core } = useI18n();
  const t = useMessages(intakeMessages);
  return {
    state: (state: string) => {
      const key = `state.${state}`;
      return isMessageKey(key) ? core(key as MessageKey) : state;
    },
    channel: (channel: string) => {
      const key = `channel.${channel}`;
      return key in intakeMessages.en ? t(key as keyof typeof intakeMessages.en) : channel;
    },
  };
}

/** A table of complaints: code, category, state (to read out), channel and dates. */
export function ComplaintsTable({ caption, complaints }: { caption: string; complaints: ListedComplaint[] }) {
  const t = useMessages(intakeMessages);
  const { language, dateTime } = useI18n();
  const words = useWords();
  return (
    // Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('table.code')}</th>
            <th scope="col">{t('table.category')}</th>
            <th scope="col">{t('table.state')}</th>
            <th scope="col">{t('table.channel')}</th>
            <th scope="col">{t('table.submitted')}</th>
            <th scope="col">{t('table.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {complaints.map((c) => (
            <tr key={c.code}>
              <th scope="row" dir="ltr" className="code">
                {c.code}
              </th>
              <td>{c.category ? localName(c.category.name, language) : '—'}</td>
              <td className="state">{words.state(c.state)}</td>
              <td>{words.channel(c.channel)}</td>
              <td>{dateTime(c.submittedAt)}</td>
              <td>{dateTime(c.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The tracking code, large, and spelled out in its groups for reading back over the phone. */
export function CodeToReadBack({ code }: { code: string }) {
  const t = useMessages(intakeMessages);
  return (
    <div className="read-back">
      <p className="big-code" dir="ltr">
        {code}
      </p>
      <p>
        <span className="spelled-label">{t('file.spelled')}: </span>
        <span className="spelled" dir="ltr">
          {spellCode(code).map((group, i) => (
            <span key={i} className="group">
              {group}
            </span>
          ))}
        </span>
      </p>
    </div>
  );
}

/** The language picker's options, each in its own language. */
export const LANGUAGE_CHOICES: { code: Language; name: string }[] = [
  { code: 'ur', name: 'اردو' },
  { code: 'ps', name: 'پښتو' },
  { code: 'en', name: 'English' },
];

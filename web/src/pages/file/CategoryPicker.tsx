import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { FieldError, describedBy } from './FieldError.js';
import { fileMessages } from './file.messages.js';
import { searchCategories } from './search.js';
import type { Category, FormError } from './types.js';

/** Choosing a category: a search over every language's names, or a department's list; the choices are radio buttons. */
export function CategoryPicker({ categories, value, onChange, errors }: { categories: Category[]; value: string; onChange: (id: string) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  const { language } = useI18n();
  const [query, setQuery] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const departments = useMemo(() => {
    const byId = new Map(categories.map((c) => [c.department.id, c.department]));
    return [...byId.values()].sort((a, b) => localName(a.name, language).localeCompare(localName(b.name, language), language));
  }, [categories, language]);
  const found = useMemo(() => searchCategories(categories, query), [categories, query]);
  const chosen = categories.find((c) => c.id === value);
  const listed = query.trim() !== '' ? found : departmentId !== '' ? categories.filter((c) => c.department.id === departmentId) : [];
  // The chosen one stays visible (and checked) whatever the citizen searches next.
  const shown = chosen && !listed.includes(chosen) ? [chosen, ...listed] : listed;
  const legend = query.trim() !== '' ? t('categoryResults') : t('categoryList');

  return (
    <div className="category-picker">
      <div className="field">
        <label htmlFor="category-search">
          {t('categorySearch')} <span className="hint-inline">{t('required')}</span>
        </label>
        <p id="category-search-hint" className="hint">
          {t('categorySearchHint')}
        </p>
        <input id="category-search" type="search" autoComplete="off" value={query} onChange={(event) => setQuery(event.target.value)} {...describedBy('category-search', errors, 'category-search-hint')} />
        <FieldError field="category-search" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="category-department">{t('categoryDepartment')}</label>
        <select id="category-department" value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
          <option value="">{t('categoryChooseDepartment')}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {localName(d.name, language)}
            </option>
          ))}
        </select>
      </div>
      {query.trim() !== '' && found.length === 0 && (
        <p className="notice" role="status">
          {t('categoryNoResults', { query: query.trim() })}
        </p>
      )}
      {shown.length > 0 && (
        <fieldset className="field category-choices">
          <legend>{legend}</legend>
          <ul>
            {shown.map((c) => (
              <li key={c.id}>
                <input type="radio" name="categoryId" id={`category-${c.id}`} value={c.id} checked={c.id === value} onChange={() => onChange(c.id)} aria-describedby={`category-${c.id}-about`} />
                <label htmlFor={`category-${c.id}`}>
                  <span className="category-name">{localName(c.name, language)}</span>
                  <span className="hint" id={`category-${c.id}-about`}>
                    {t('categorySla', { department: localName(c.department.name, language), days: c.slaDays })}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {chosen && (
        <p className="notice" role="status">
          {t('categoryChosen', { name: localName(chosen.name, language) })}
        </p>
      )}
    </div>
  );
}

import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { attributeFieldId, type Answer } from './draft.js';
import { FieldError, describedBy } from './FieldError.js';
import { fileMessages } from './file.messages.js';
import type { AttributeDefinition, FormError } from './types.js';

/** A category's extra fields (its attributes), each a labelled input of its datatype. */
export function ExtraFields({ attributes, answers, onChange, errors }: { attributes: AttributeDefinition[]; answers: Record<string, Answer>; onChange: (code: string, answer: Answer) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  if (attributes.length === 0) return null;
  return (
    <section aria-labelledby="extra-heading">
      <h2 id="extra-heading">{t('extraSection')}</h2>
      {[...attributes]
        .sort((a, b) => a.order - b.order)
        .map((attribute) => (
          <ExtraField key={attribute.code} attribute={attribute} answer={answers[attribute.code]} onChange={(answer) => onChange(attribute.code, answer)} errors={errors} />
        ))}
    </section>
  );
}

function ExtraField({ attribute, answer, onChange, errors }: { attribute: AttributeDefinition; answer: Answer | undefined; onChange: (answer: Answer) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  const { language } = useI18n();
  const id = attributeFieldId(attribute.code);
  const hintId = attribute.formatHint ? `${id}-hint` : undefined;
  const label = (
    <>
      {attribute.description[language]} <span className="hint-inline">{attribute.required ? t('required') : t('optional')}</span>
    </>
  );
  const hint = attribute.formatHint && (
    <p className="hint" id={hintId}>
      {attribute.formatHint[language]}
    </p>
  );
  const text = typeof answer === 'string' ? answer : '';
  const aria = describedBy(id, errors, hintId);

  if (attribute.datatype === 'multivaluelist') {
    const keys = Array.isArray(answer) ? answer : [];
    return (
      <fieldset className="field" id={id} tabIndex={-1} {...aria}>
        <legend>{label}</legend>
        {hint}
        <p className="hint">{t('chooseAll')}</p>
        {(attribute.values ?? []).map((v) => (
          <div className="check" key={v.key}>
            <input
              type="checkbox"
              id={`${id}-${v.key}`}
              checked={keys.includes(v.key)}
              onChange={(event) => onChange(event.target.checked ? [...keys, v.key] : keys.filter((k) => k !== v.key))}
            />
            <label htmlFor={`${id}-${v.key}`}>{v.name[language]}</label>
          </div>
        ))}
        <FieldError field={id} errors={errors} />
      </fieldset>
    );
  }

  let input;
  if (attribute.datatype === 'singlevaluelist') {
    input = (
      <select id={id} value={text} onChange={(event) => onChange(event.target.value)} {...aria}>
        <option value="">{t('chooseOne')}</option>
        {(attribute.values ?? []).map((v) => (
          <option key={v.key} value={v.key}>
            {v.name[language]}
          </option>
        ))}
      </select>
    );
  } else if (attribute.datatype === 'text') {
    input = <textarea id={id} value={text} maxLength={attribute.maxLength ?? 2000} onChange={(event) => onChange(event.target.value)} {...aria} />;
  } else if (attribute.datatype === 'number') {
    input = <input id={id} type="number" inputMode="decimal" dir="ltr" value={text} min={attribute.min} max={attribute.max} step="any" onChange={(event) => onChange(event.target.value)} {...aria} />;
  } else if (attribute.datatype === 'datetime') {
    input = <input id={id} type="datetime-local" dir="ltr" value={text} onChange={(event) => onChange(event.target.value)} {...aria} />;
  } else {
    input = <input id={id} type="text" value={text} maxLength={attribute.maxLength ?? 200} onChange={(event) => onChange(event.target.value)} {...aria} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint}
      {input}
      <FieldError field={id} errors={errors} />
    </div>
  );
}

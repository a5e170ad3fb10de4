import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { rememberSecret } from '../../citizen-secrets.js';
import { api, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { useTitle } from '../Home.js';
import { CategoryPicker } from './CategoryPicker.js';
import { EMPTY_DRAFT, answerValue, attributeFieldId, complaintBody, parseDraft, serialiseDraft, type ComplaintBody, type Draft } from './draft.js';
import { ExtraFields } from './ExtraFields.js';
import { FieldError, describedBy } from './FieldError.js';
import { fileMessages } from './file.messages.js';
import { enqueue, readOutbox } from './outbox.js';
import { sendOutbox, type Created } from './outbox-sender.js';
import { PhotoField, type Photo } from './PhotoField.js';
import { PlaceFields } from './PlaceFields.js';
import { SimilarPanel, type Suggestion } from './SimilarPanel.js';
import { FiledNotice, FollowedNotice, QueuedNotice } from './Outcome.js';
import { fileToBase64, newIdempotencyKey, problemErrors } from './submission.js';
import type { Category, FormError } from './types.js';
import './file.css';

const DRAFT_KEY = 'ekhtyar.file.draft';
const COMPLAINTS = '/api/v1/complaints';

type Phase =
  | { kind: 'form' }
  | { kind: 'checking' }
  | { kind: 'similar'; suggestions: Suggestion[] }
  | { kind: 'sending' }
  | { kind: 'queued'; photosDropped: boolean }
  | { kind: 'done'; code: string }
  | { kind: 'followed'; code: string; already: boolean };

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function timeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

const isEmpty = (draft: Draft) => serialiseDraft(draft) === serialiseDraft(EMPTY_DRAFT);

/** The filing form (/file): category, its extra fields, what and where, photos, contact; offline-safe. */
export function FilePage() {
  const t = useMessages(fileMessages);
  const { language } = useI18n();
  useTitle('file.title');
  const [draft, setDraft] = useState<Draft>(() => parseDraft(storage()?.getItem(DRAFT_KEY) ?? null));
  const [restored, setRestored] = useState(() => !isEmpty(draft));
  const [categories, setCategories] = useState<Category[] | 'loading' | 'failed'>('loading');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [phase, setPhase] = useState<Phase>(() => {
    const store = storage();
    return store && readOutbox(store).length > 0 ? { kind: 'queued', photosDropped: false } : { kind: 'form' };
  });
  const [flushing, setFlushing] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const honeypot = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<{ categories: Category[] }>('/api/v1/categories', { signal: controller.signal })
      .then((result) => setCategories(result.ok ? result.data.categories : 'failed'))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  // The draft is kept as the citizen types, and forgotten once filed.
  useEffect(() => {
    try {
      if (isEmpty(draft)) storage()?.removeItem(DRAFT_KEY);
      else storage()?.setItem(DRAFT_KEY, serialiseDraft(draft));
    } catch {
      // Storage full or blocked: the form still works, it is only not kept.
    }
  }, [draft]);

  useEffect(() => {
    if (focusTick > 0) summary.current?.focus();
  }, [focusTick]);

  const chosen = Array.isArray(categories) ? categories.find((c) => c.id === draft.categoryId) : undefined;
  const attributes = chosen?.attributes ?? [];
  const update = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const showErrors = useCallback((list: FormError[]) => {
    setErrors(list);
    setPhase({ kind: 'form' });
    setFocusTick((n) => n + 1);
  }, []);

  const localise = (field: string, pointer: string, detail: string): string => {
    if (field === 'phone') return pointer === '/contact' ? t('needContact') : t('badPhone');
    if (field === 'email') return t('badEmail');
    if (field === 'cnic') return t('badCnic');
    if (field === 'description') return t('needDescription');
    if (field === 'category-search') return t('needCategory');
    return detail;
  };

  const showProblem = (problem: Problem) => {
    if (problem.status === 429) {
      const minutes = Math.max(1, Math.ceil((problem.retryAfter ?? 60) / 60));
      const helpline = typeof problem.helpline === 'string' ? [{ field: null, message: t('helpline', { number: problem.helpline }) }] : [];
      showErrors([{ field: null, message: t('tooMany', { minutes }) }, ...helpline]);
    } else showErrors(problemErrors(problem, localise, (detail) => t('errorGeneral', { detail })));
  };

  const finish = (created: Created) => {
    rememberSecret(created.code, created.citizenSecret);
    photos.forEach((p) => URL.revokeObjectURL(p.url));
    setPhotos([]);
    setErrors([]);
    setDraft({ ...EMPTY_DRAFT, attributes: {} });
    setRestored(false);
    setPhase({ kind: 'done', code: created.code });
  };

  // The outbox is sent on load and whenever the connection comes back; the handlers it calls are the latest ones.
  const latest = useRef({ finish, showProblem });
  useEffect(() => {
    latest.current = { finish, showProblem };
  });
  const flush = useCallback(async () => {
    const store = storage();
    if (!store || readOutbox(store).length === 0) return;
    setFlushing(true);
    try {
      await sendOutbox(store, { sent: (created) => latest.current.finish(created), refused: (problem) => latest.current.showProblem(problem) });
    } finally {
      setFlushing(false);
    }
  }, []);
  useEffect(() => {
    const onOnline = () => void flush();
    const onLoad = setTimeout(onOnline, 0);
    window.addEventListener('online', onOnline);
    return () => {
      clearTimeout(onLoad);
      window.removeEventListener('online', onOnline);
    };
  }, [flush]);

  const body = (): ComplaintBody => complaintBody(draft, attributes, language, timeZone(), honeypot.current?.value ?? '');

  const queue = async (key: string, complaint: ComplaintBody) => {
    const store = storage();
    const queuedAt = new Date().toISOString();
    let stored = false;
    let photosDropped = false;
    if (store && photos.length > 0) {
      try {
        const inline = await Promise.all(photos.map(async (p) => ({ filename: p.file.name, data: await fileToBase64(p.file) })));
        stored = enqueue(store, { key, body: { ...complaint, photos: inline }, queuedAt });
      } catch {
        stored = false;
      }
      // Without its photos it is another request: another key, so the server never takes it for the first.
      photosDropped = !stored;
      if (!stored) key = newIdempotencyKey();
    }
    if (store && !stored) stored = enqueue(store, { key, body: complaint, queuedAt });
    if (!stored) showErrors([{ field: null, message: t('errorGeneral', { detail: t('queued') }) }]);
    else setPhase({ kind: 'queued', photosDropped });
  };

  const send = async () => {
    const key = newIdempotencyKey();
    const complaint = body();
    if (!navigator.onLine) return queue(key, complaint);
    setPhase({ kind: 'sending' });
    const headers = { 'idempotency-key': key };
    let result;
    if (photos.length > 0) {
      const form = new FormData();
      form.append('complaint', JSON.stringify(complaint));
      for (const p of photos) form.append('photos', p.file, p.file.name);
      result = await api<Created>(COMPLAINTS, { form, headers });
    } else result = await api<Created>(COMPLAINTS, { json: complaint, headers });
    if (result.ok) finish(result.data);
    else if (result.problem.status === 0) await queue(key, complaint);
    else showProblem(result.problem);
  };

  const validate = (): FormError[] => {
    const list: FormError[] = [];
    if (!chosen) list.push({ field: 'category-search', message: t('needCategory') });
    if (draft.description.trim().length < 10) list.push({ field: 'description', message: t('needDescription') });
    for (const a of attributes) if (a.required && answerValue(a, draft.attributes[a.code]) === undefined) list.push({ field: attributeFieldId(a.code), message: t('needAnswer') });
    return list;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (phase.kind === 'checking' || phase.kind === 'sending') return;
    const problems = validate();
    if (problems.length > 0) return showErrors(problems);
    setErrors([]);
    if (navigator.onLine) {
      setPhase({ kind: 'checking' });
      const { categoryId, description, location } = body();
      const result = await api<{ suggestions: Suggestion[] }>(`${COMPLAINTS}/similar`, { json: { categoryId, description, ...(location ? { location } : {}) } });
      if (result.ok && result.data.suggestions.length > 0) return setPhase({ kind: 'similar', suggestions: result.data.suggestions });
    }
    await send();
  };

  const startAgain = () => {
    setDraft({ ...EMPTY_DRAFT, attributes: {} });
    setRestored(false);
    setErrors([]);
  };

  if (phase.kind === 'done') return <FiledNotice code={phase.code} onAnother={() => setPhase({ kind: 'form' })} />;
  if (phase.kind === 'followed') return <FollowedNotice code={phase.code} already={phase.already} />;
  if (phase.kind === 'queued') return <QueuedNotice photosDropped={phase.photosDropped} sending={flushing} onSendNow={() => void flush()} />;

  const labels: Record<string, string> = {
    'category-search': t('categorySearch'),
    description: t('description'),
    district: t('district'),
    address: t('address'),
    locate: t('locate'),
    photos: t('photos'),
    name: t('name'),
    phone: t('phone'),
    email: t('email'),
    cnic: t('cnic'),
    ...Object.fromEntries(attributes.map((a) => [attributeFieldId(a.code), a.description[language]])),
  };
  const busy = phase.kind === 'checking' || phase.kind === 'sending';

  return (
    <div className="file-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {restored && (
        <div className="notice row">
          <p>{t('draftRestored')}</p>
          <button type="button" className="secondary" onClick={startAgain}>
            {t('startAgain')}
          </button>
        </div>
      )}
      {errors.length > 0 && (
        <div className="notice error error-summary" ref={summary} tabIndex={-1} aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading">{t('errorSummary')}</h2>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                {e.field ? (
                  <a
                    href={`#${e.field}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(e.field ?? '')?.focus();
                    }}
                  >
                    {labels[e.field] ? `${labels[e.field]}: ${e.message}` : e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <section aria-labelledby="category-heading">
          <h2 id="category-heading">{t('categorySection')}</h2>
          {categories === 'loading' && <p role="status">{t('categoryLoading')}</p>}
          {categories === 'failed' && <p className="notice error">{t('categoryFailed')}</p>}
          {Array.isArray(categories) && <CategoryPicker categories={categories} value={draft.categoryId} onChange={(categoryId) => update({ categoryId })} errors={errors} />}
        </section>
        <ExtraFields attributes={attributes} answers={draft.attributes} onChange={(code, answer) => setDraft((d) => ({ ...d, attributes: { ...d.attributes, [code]: answer } }))} errors={errors} />
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{t('detailsSection')}</h2>
          <div className="field">
            <label htmlFor="description">
              {t('description')} <span className="hint-inline">{t('required')}</span>
            </label>
            <p className="hint" id="description-hint">
              {t('descriptionHint')}
            </p>
            <textarea id="description" rows={6} maxLength={5000} value={draft.description} onChange={(event) => update({ description: event.target.value })} {...describedBy('description', errors, 'description-hint')} />
            <FieldError field="description" errors={errors} />
          </div>
        </section>
        <PlaceFields draft={draft} update={update} errors={errors} />
        <PhotoField photos={photos} setPhotos={setPhotos} errors={errors} />
        <ContactFields draft={draft} update={update} errors={errors} />
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="officeUse">For office use only. Leave this empty.</label>
          <input id="officeUse" name="officeUse" type="text" tabIndex={-1} autoComplete="off" defaultValue="" ref={honeypot} />
        </div>
        {phase.kind === 'similar' ? (
          <SimilarPanel suggestions={phase.suggestions} draft={draft} onFollowed={(code, already) => {
            setDraft({ ...EMPTY_DRAFT, attributes: {} });
            setPhase({ kind: 'followed', code, already });
          }} onProblem={showProblem} onFileAnyway={() => void send()} />
        ) : (
          <div className="file-submit">
            <button type="submit" disabled={busy}>
              {t('submit')}
            </button>
            <p role="status">{phase.kind === 'checking' ? t('checking') : phase.kind === 'sending' ? t('sending') : ''}</p>
          </div>
        )}
      </form>
    </div>
  );
}

function ContactFields({ draft, update, errors }: { draft: Draft; update: (change: Partial<Draft>) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('contactSection')}</h2>
      <p className="hint">{t('contactHint')}</p>
      <div className="field">
        <label htmlFor="name">
          {t('name')} <span className="hint-inline">{t('optional')}</span>
        </label>
        <input id="name" type="text" autoComplete="name" maxLength={120} value={draft.name} onChange={(event) => update({ name: event.target.value })} {...describedBy('name', errors)} />
        <FieldError field="name" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="phone">{t('phone')}</label>
        <p className="hint" id="phone-hint">
          {t('phoneHint')}
        </p>
        <input id="phone" type="tel" dir="ltr" inputMode="tel" autoComplete="tel" maxLength={32} value={draft.phone} onChange={(event) => update({ phone: event.target.value })} {...describedBy('phone', errors, 'phone-hint')} />
        <FieldError field="phone" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="email">{t('email')}</label>
        <input id="email" type="email" dir="ltr" autoComplete="email" maxLength={254} value={draft.email} onChange={(event) => update({ email: event.target.value })} {...describedBy('email', errors)} />
        <FieldError field="email" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="cnic">
          {t('cnic')} <span className="hint-inline">{t('optional')}</span>
        </label>
        <p className="hint" id="cnic-hint">
          {t('cnicHint')}
        </p>
        <input id="cnic" type="text" dir="ltr" inputMode="numeric" autoComplete="off" maxLength={20} value={draft.cnic} onChange={(event) => update({ cnic: event.target.value })} {...describedBy('cnic', errors, 'cnic-hint')} />
        <FieldError field="cnic" errors={errors} />
      </div>
      <div className="field check">
        <input id="anonymous" type="checkbox" checked={draft.anonymous} onChange={(event) => update({ anonymous: event.target.checked })} aria-describedby="anonymous-hint" />
        <label htmlFor="anonymous">{t('anonymous')}</label>
        <p className="hint" id="anonymous-hint">
          {t('anonymousHint')}
        </p>
      </div>
    </section>
  );
}

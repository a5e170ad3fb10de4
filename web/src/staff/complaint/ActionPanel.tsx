import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { api, problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { complaintMessages } from './complaint.messages.js';
import type { ActionType, Names, OfficeOption, Officer, PossibleDuplicate, StaffComplaint } from './types.js';

/** Sends one action; resolves to null when it was done, else the server's problem (for the form's fields). */
export type Submit = (type: ActionType, body: Record<string, unknown> | null) => Promise<Problem | null>;

const OUTCOMES = ['full_relief', 'partial_relief', 'no_relief'] as const;
const MAX_PHOTOS = 5;

/** Reads the open complaints that may be the same problem as this one (null when they could not be read). */
export type LoadDuplicates = () => Promise<PossibleDuplicate[] | null>;

/** The actions open to the staff member now (the complaint's `actions`, nothing else), each as its own form. */
export function ActionPanel({ complaint, offices, officers, submit, duplicates }: { complaint: StaffComplaint; offices: OfficeOption[]; officers: Officer[]; submit: Submit; duplicates: LoadDuplicates }) {
  const t = useMessages(complaintMessages);
  const open = new Set(complaint.actions);
  const has = (type: ActionType) => open.has(type);
  if (open.size === 0) return <p>{t('actions.none')}</p>;
  return (
    <div className="action-list">
      {has('acknowledge') && <AcknowledgeForm submit={submit} />}
      {has('assign_officer') && <AssignForm submit={submit} officers={officers} current={complaint.assignedOfficerId} />}
      {has('ask_information') && <TextAction type="ask_information" field="question" title={t('action.ask.title')} label={t('action.ask.question')} hint={t('action.ask.hint')} submit={submit} />}
      {has('add_note') && <TextAction type="add_note" field="text" title={t('action.note.title')} label={t('action.note.text')} submit={submit} />}
      {has('public_update') && <TextAction type="public_update" field="text" title={t('action.update.title')} label={t('action.update.text')} photos submit={submit} />}
      {has('transfer') && <OfficeAction type="transfer" title={t('action.transfer.title')} hint={t('action.transfer.hint')} offices={offices.filter((o) => o.id !== complaint.office?.id)} submit={submit} />}
      {has('recategorise') && <CategoryForm complaint={complaint} submit={submit} />}
      {has('assign_office') && <OfficeAction type="assign_office" title={t('action.office.title')} offices={offices} submit={submit} />}
      {has('resolve') && <ResolveForm submit={submit} />}
      {has('propose_rejection') && <TextAction type="propose_rejection" field="reason" title={t('action.propose.title')} label={t('field.reason')} hint={t('action.propose.hint')} submit={submit} />}
      {has('reject') && <TextAction type="reject" field="reason" title={t('action.reject.title')} label={t('field.reason')} hint={t('action.reject.hint')} danger submit={submit} />}
      {has('merge_duplicate') && <MergeForm submit={submit} duplicates={duplicates} />}
    </div>
  );
}

/** A closed disclosure with the form inside; it closes again once the action is done. */
function Disclosure({ title, open, setOpen, children }: { title: string; open: boolean; setOpen(open: boolean): void; children: ReactNode }) {
  return (
    <details className="action" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      <div className="action-body">{children}</div>
    </details>
  );
}

/** Field problems beside a field: the ids for aria-describedby and the messages. */
function useFieldErrors(problem: Problem | null, pointer: string, extra: string | null = null) {
  const id = useId();
  const messages = [...(extra ? [extra] : []), ...problemsAt(problem, pointer).map((p) => p.detail)];
  return {
    invalid: messages.length > 0,
    describedBy: messages.length > 0 ? `${id}-error` : undefined,
    errorId: `${id}-error`,
    node:
      messages.length > 0 ? (
        <p className="field-error" id={`${id}-error`}>
          {messages.join(' ')}
        </p>
      ) : null,
  };
}

const describe = (...ids: (string | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** The common life of a form: busy while sending, the server's problem after a refusal, reset and closed after success. */
function useActionForm(submit: Submit, type: ActionType) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const send = async (body: Record<string, unknown> | null, onDone: () => void) => {
    setBusy(true);
    const refused = await submit(type, body);
    setBusy(false);
    setProblem(refused);
    if (!refused) {
      onDone();
      setOpen(false);
    }
  };
  return { open, setOpen, busy, problem, setProblem, send };
}

function SubmitButton({ busy, label, danger = false }: { busy: boolean; label: string; danger?: boolean }) {
  const t = useMessages(complaintMessages);
  return (
    <button type="submit" disabled={busy} className={danger ? 'danger' : undefined}>
      {busy ? t('sending') : label}
    </button>
  );
}

function AcknowledgeForm({ submit }: { submit: Submit }) {
  const t = useMessages(complaintMessages);
  const form = useActionForm(submit, 'acknowledge');
  const hintId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.send(null, () => undefined);
  };
  return (
    <form className="action acknowledge" onSubmit={onSubmit} aria-describedby={hintId}>
      <p className="hint" id={hintId}>
        {t('action.acknowledge.hint')}
      </p>
      <SubmitButton busy={form.busy} label={t('action.acknowledge.title')} />
    </form>
  );
}

function AssignForm({ submit, officers, current }: { submit: Submit; officers: Officer[]; current: string | null }) {
  const t = useMessages(complaintMessages);
  const form = useActionForm(submit, 'assign_officer');
  const [officerId, setOfficerId] = useState('');
  const [missing, setMissing] = useState(false);
  const id = useId();
  const errors = useFieldErrors(form.problem, '/officerId', missing ? t('field.required') : null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(officerId === '');
    if (officerId === '') return;
    void form.send({ officerId }, () => setOfficerId(''));
  };
  return (
    <Disclosure title={t('action.assign.title')} open={form.open} setOpen={form.setOpen}>
      {officers.length === 0 ? (
        <p>{t('action.assign.noOfficers')}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={id}>{t('action.assign.officer')}</label>
            <select id={id} value={officerId} onChange={(event) => setOfficerId(event.target.value)} required aria-invalid={errors.invalid || undefined} aria-describedby={errors.describedBy}>
              <option value="">{t('field.choose')}</option>
              {officers.map((o) => (
                <option key={o.id} value={o.id} disabled={o.id === current}>
                  {o.displayName}
                </option>
              ))}
            </select>
            {errors.node}
          </div>
          <SubmitButton busy={form.busy} label={t('action.assign.title')} />
        </form>
      )}
    </Disclosure>
  );
}

/** Reads chosen photos as the API's inline photos (base64). */
async function photosOf(files: FileList | null | undefined): Promise<{ filename: string; data: string }[]> {
  const list = [...(files ?? [])];
  return Promise.all(
    list.map(
      (file) =>
        new Promise<{ filename: string; data: string }>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve({ filename: file.name, data: String(reader.result).replace(/^data:[^,]*,/, '') });
          reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
          reader.readAsDataURL(file);
        }),
    ),
  );
}

function PhotoField({ label, inputRef, problem, tooMany }: { label: string; inputRef: RefObject<HTMLInputElement | null>; problem: Problem | null; tooMany: boolean }) {
  const t = useMessages(complaintMessages);
  const id = useId();
  const hintId = `${id}-hint`;
  const errors = useFieldErrors(problem, '/photos', tooMany ? t('error.tooManyPhotos') : null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={hintId}>
        {t('field.photosHint')}
      </p>
      <input id={id} ref={inputRef} type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple aria-invalid={errors.invalid || undefined} aria-describedby={describe(hintId, errors.describedBy)} />
      {errors.node}
    </div>
  );
}

/** An action that takes one text (a question, a note, an update, a reason), and photos for a public update. */
function TextAction({ type, field, title, label, hint, photos = false, danger = false, submit }: { type: ActionType; field: 'text' | 'question' | 'reason'; title: string; label: string; hint?: string; photos?: boolean; danger?: boolean; submit: Submit }) {
  const t = useMessages(complaintMessages);
  const form = useActionForm(submit, type);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [tooMany, setTooMany] = useState(false);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const id = useId();
  const hintId = `${id}-hint`;
  const errors = useFieldErrors(form.problem, `/${field}`, missing ? t('field.required') : null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const blank = text.trim() === '';
    const files = fileRef.current?.files;
    const many = (files?.length ?? 0) > MAX_PHOTOS;
    setMissing(blank);
    setTooMany(many);
    if (blank || many) return;
    const chosen = photos ? await photosOf(files) : [];
    await form.send({ [field]: text, ...(chosen.length > 0 && { photos: chosen }) }, () => {
      setText('');
      if (fileRef.current) fileRef.current.value = '';
    });
  };
  return (
    <Disclosure title={title} open={form.open} setOpen={form.setOpen}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {hint && (
            <p className="hint" id={hintId}>
              {hint}
            </p>
          )}
          <textarea id={id} value={text} onChange={(event) => setText(event.target.value)} required maxLength={field === 'text' ? 5000 : 2000} aria-invalid={errors.invalid || undefined} aria-describedby={describe(hint ? hintId : undefined, errors.describedBy)} />
          {errors.node}
        </div>
        {photos && <PhotoField label={t('field.photos')} inputRef={fileRef} problem={form.problem} tooMany={tooMany} />}
        <SubmitButton busy={form.busy} label={title} danger={danger} />
      </form>
    </Disclosure>
  );
}

/** Choosing an office: a department to narrow the list, then the office (transfer, or placing out of triage). */
function OfficeAction({ type, title, hint, offices, submit }: { type: 'transfer' | 'assign_office'; title: string; hint?: string; offices: OfficeOption[]; submit: Submit }) {
  const t = useMessages(complaintMessages);
  const { language } = useI18n();
  const form = useActionForm(submit, type);
  const [department, setDepartment] = useState('');
  const [officeId, setOfficeId] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ office: boolean; reason: boolean }>({ office: false, reason: false });
  const id = useId();
  const departments = useMemo(() => {
    const seen = new Map<string, string>();
    for (const o of offices) if (o.department && !seen.has(o.department.id)) seen.set(o.department.id, localName(o.department.name, language));
    return [...seen].sort((a, b) => a[1].localeCompare(b[1], language));
  }, [offices, language]);
  const shown = useMemo(
    () =>
      offices
        .filter((o) => department === '' || o.department?.id === department)
        .map((o) => ({ id: o.id, label: o.area ? `${localName(o.name, language)} — ${localName(o.area.name, language)}` : localName(o.name, language) }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [offices, department, language],
  );
  const officePointer = type === 'transfer' ? '/toOfficeId' : '/officeId';
  const officeErrors = useFieldErrors(form.problem, officePointer, missing.office ? t('field.required') : null);
  const reasonErrors = useFieldErrors(form.problem, '/reason', missing.reason ? t('field.required') : null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = { office: officeId === '', reason: type === 'transfer' && reason.trim() === '' };
    setMissing(next);
    if (next.office || next.reason) return;
    void form.send(type === 'transfer' ? { toOfficeId: officeId, reason } : { officeId }, () => {
      setOfficeId('');
      setReason('');
    });
  };
  return (
    <Disclosure title={title} open={form.open} setOpen={form.setOpen}>
      <form onSubmit={onSubmit} noValidate>
        {hint && <p className="hint">{hint}</p>}
        <div className="field">
          <label htmlFor={`${id}-department`}>{t('field.department')}</label>
          <select
            id={`${id}-department`}
            value={department}
            onChange={(event) => {
              setDepartment(event.target.value);
              setOfficeId('');
            }}
          >
            <option value="">{t('field.allDepartments')}</option>
            {departments.map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-office`}>{t('field.office')}</label>
          <select id={`${id}-office`} value={officeId} onChange={(event) => setOfficeId(event.target.value)} required aria-invalid={officeErrors.invalid || undefined} aria-describedby={officeErrors.describedBy}>
            <option value="">{t('field.choose')}</option>
            {shown.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          {officeErrors.node}
        </div>
        {type === 'transfer' && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('field.reason')}</label>
            <textarea id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={2000} aria-invalid={reasonErrors.invalid || undefined} aria-describedby={reasonErrors.describedBy} />
            {reasonErrors.node}
          </div>
        )}
        <SubmitButton busy={form.busy} label={title} />
      </form>
    </Disclosure>
  );
}

type CategoryOption = { id: string; name: Names; department: { id: string } | null };

/**
 * Putting the complaint in another category of its department (a correction the routing classifier learns from).
 * Another department's category is a transfer, so only the department's own categories are offered.
 */
function CategoryForm({ complaint, submit }: { complaint: StaffComplaint; submit: Submit }) {
  const t = useMessages(complaintMessages);
  const { language } = useI18n();
  const form = useActionForm(submit, 'recategorise');
  const [categories, setCategories] = useState<CategoryOption[]>([]);
  const [categoryId, setCategoryId] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ category: boolean; reason: boolean }>({ category: false, reason: false });
  const id = useId();
  useEffect(() => {
    const controller = new AbortController();
    api<{ categories: CategoryOption[] }>('/api/v1/categories', { signal: controller.signal })
      .then((result) => result.ok && setCategories(result.data.categories))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const shown = categories
    .filter((c) => c.department?.id === complaint.department?.id && c.id !== complaint.category?.id)
    .map((c) => ({ id: c.id, label: localName(c.name, language) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
  const categoryErrors = useFieldErrors(form.problem, '/categoryId', missing.category ? t('field.required') : null);
  const reasonErrors = useFieldErrors(form.problem, '/reason', missing.reason ? t('field.required') : null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = { category: categoryId === '', reason: reason.trim() === '' };
    setMissing(next);
    if (next.category || next.reason) return;
    void form.send({ categoryId, reason }, () => {
      setCategoryId('');
      setReason('');
    });
  };
  return (
    <Disclosure title={t('action.category.title')} open={form.open} setOpen={form.setOpen}>
      <form onSubmit={onSubmit} noValidate>
        <p className="hint">{t('action.category.hint')}</p>
        <div className="field">
          <label htmlFor={`${id}-category`}>{t('action.category.category')}</label>
          <select id={`${id}-category`} value={categoryId} onChange={(event) => setCategoryId(event.target.value)} required aria-invalid={categoryErrors.invalid || undefined} aria-describedby={categoryErrors.describedBy}>
            <option value="">{t('field.choose')}</option>
            {shown.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          {categoryErrors.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('field.reason')}</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={2000} aria-invalid={reasonErrors.invalid || undefined} aria-describedby={reasonErrors.describedBy} />
          {reasonErrors.node}
        </div>
        <SubmitButton busy={form.busy} label={t('action.category.title')} />
      </form>
    </Disclosure>
  );
}

function ResolveForm({ submit }: { submit: Submit }) {
  const t = useMessages(complaintMessages);
  const form = useActionForm(submit, 'resolve');
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ outcome: boolean; reason: boolean }>({ outcome: false, reason: false });
  const [tooMany, setTooMany] = useState(false);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const id = useId();
  const outcomeErrors = useFieldErrors(form.problem, '/outcome', missing.outcome ? t('field.required') : null);
  const reasonErrors = useFieldErrors(form.problem, '/reason', missing.reason ? t('field.required') : null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const files = fileRef.current?.files;
    const next = { outcome: outcome === '', reason: outcome === 'no_relief' && reason.trim() === '' };
    const many = (files?.length ?? 0) > MAX_PHOTOS;
    setMissing(next);
    setTooMany(many);
    if (next.outcome || next.reason || many) return;
    const photos = await photosOf(files);
    await form.send({ outcome, ...(reason.trim() !== '' && { reason }), ...(photos.length > 0 && { photos }) }, () => {
      setOutcome('');
      setReason('');
      if (fileRef.current) fileRef.current.value = '';
    });
  };
  return (
    <Disclosure title={t('action.resolve.title')} open={form.open} setOpen={form.setOpen}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="field" aria-describedby={outcomeErrors.describedBy}>
          <legend>{t('action.resolve.outcome')}</legend>
          {OUTCOMES.map((value) => (
            <div key={value} className="choice">
              <input type="radio" id={`${id}-${value}`} name={`${id}-outcome`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} aria-invalid={outcomeErrors.invalid || undefined} />
              <label htmlFor={`${id}-${value}`}>{t(`outcome.${value}`)}</label>
            </div>
          ))}
          {outcomeErrors.node}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('action.resolve.summary')}</label>
          <p className="hint" id={`${id}-hint`}>
            {t('action.resolve.summaryHint')}
          </p>
          <textarea id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} aria-invalid={reasonErrors.invalid || undefined} aria-describedby={describe(`${id}-hint`, reasonErrors.describedBy)} />
          {reasonErrors.node}
        </div>
        <PhotoField label={t('action.resolve.evidence')} inputRef={fileRef} problem={form.problem} tooMany={tooMany} />
        <SubmitButton busy={form.busy} label={t('action.resolve.title')} />
      </form>
    </Disclosure>
  );
}

function MergeForm({ submit, duplicates }: { submit: Submit; duplicates: LoadDuplicates }) {
  const t = useMessages(complaintMessages);
  const form = useActionForm(submit, 'merge_duplicate');
  const [masterCode, setMasterCode] = useState('');
  const [missing, setMissing] = useState(false);
  const [candidates, setCandidates] = useState<PossibleDuplicate[] | null | 'loading'>('loading');
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const unknown = form.problem !== null && (form.problem.status === 404 || form.problem.code === 'invalid_tracking_code') && problemsAt(form.problem, '/masterCode').length === 0;
  const errors = useFieldErrors(form.problem, '/masterCode', missing ? t('field.required') : unknown ? t('error.unknownComplaint') : null);
  // The candidates are read when the form is opened, not with the page: most complaints are never merged.
  useEffect(() => {
    if (!form.open) return;
    let current = true;
    duplicates()
      .then((found) => current && setCandidates(found))
      .catch(() => current && setCandidates(null));
    return () => {
      current = false;
    };
  }, [form.open, duplicates]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(masterCode.trim() === '');
    if (masterCode.trim() === '') return;
    void form.send({ masterCode: masterCode.trim() }, () => setMasterCode(''));
  };
  const choose = (code: string) => {
    setMasterCode(code);
    inputRef.current?.focus();
  };
  return (
    <Disclosure
      title={t('action.merge.title')}
      open={form.open}
      setOpen={(open) => {
        if (open) setCandidates('loading');
        form.setOpen(open);
      }}
    >
      <MergeCandidates candidates={candidates} choose={choose} />
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={id}>{t('action.merge.master')}</label>
          <input id={id} ref={inputRef} dir="ltr" value={masterCode} onChange={(event) => setMasterCode(event.target.value)} required maxLength={40} autoComplete="off" spellCheck={false} aria-invalid={errors.invalid || undefined} aria-describedby={errors.describedBy} />
          {errors.node}
        </div>
        <SubmitButton busy={form.busy} label={t('action.merge.title')} />
      </form>
    </Disclosure>
  );
}

/** The open complaints that read like this one nearby, most alike first; choosing one fills the master's code. */
function MergeCandidates({ candidates, choose }: { candidates: PossibleDuplicate[] | null | 'loading'; choose(code: string): void }) {
  const t = useMessages(complaintMessages);
  const { dateTime, number } = useI18n();
  if (candidates === 'loading') return <p className="hint">{t('action.merge.searching')}</p>;
  if (candidates === null) return <p className="hint">{t('action.merge.searchFailed')}</p>;
  if (candidates.length === 0) return <p className="hint">{t('action.merge.noCandidates')}</p>;
  return (
    <section className="merge-candidates" aria-label={t('action.merge.candidates')}>
      <p className="hint">{t('action.merge.candidates')}</p>
      <ul>
        {candidates.map((c) => (
          <li key={c.code}>
            <p>
              <strong dir="ltr">{c.code}</strong> · {t('action.merge.likeness', { percent: number(Math.round(c.likeness * 100)) })}
              {c.distanceKm !== null && <> · {t('action.merge.distance', { km: number(c.distanceKm) })}</>} · {dateTime(c.submittedAt)}
            </p>
            <p className="candidate-text">{c.description.length > 240 ? `${c.description.slice(0, 240)}…` : c.description}</p>
            <button type="button" onClick={() => choose(c.code)}>
              {t('action.merge.use', { code: c.code })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

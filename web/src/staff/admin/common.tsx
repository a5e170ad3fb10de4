import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';

/** GET `path` (re-read on `reload()` or when the path changes). */
export function useAdminData<T>(path: string): { data: T | null; problem: Problem | null; reload(): void } {
  const { call } = useStaffSession();
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void call<T>(path).then((result) => {
      if (!live) return;
      if (result.ok) {
        setData(result.data);
        setProblem(null);
      } else setProblem(result.problem);
    });
    return () => {
      live = false;
    };
  }, [call, path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, problem, reload };
}

/** A page's heading with the way back to the administration index. */
export function AdminHeading({ title }: { title: string }) {
  const t = useMessages(adminMessages);
  return (
    <>
      <p className="admin-back">
        <Link to="/staff/admin">{t('back')}</Link>
      </p>
      <h1>{title}</h1>
    </>
  );
}

/** Where a list stands: loading, failed, or nothing to say. */
export function ListState({ loaded, problem }: { loaded: boolean; problem: Problem | null }) {
  const t = useMessages(adminMessages);
  if (problem)
    return (
      <p className="notice error" role="alert">
        {t('failed', { detail: problem.detail })}
      </p>
    );
  if (!loaded) return <p role="status">{t('loading')}</p>;
  return null;
}

/** The outcome of the last action, announced politely. */
export function Outcome({ text, problem }: { text: string | null; problem: Problem | null }) {
  const t = useMessages(adminMessages);
  return (
    <div role="status" className="admin-outcome">
      {problem && !problem.errors?.length ? <p className="notice error">{t('actionFailed', { detail: problem.detail })}</p> : text ? <p className="notice">{text}</p> : null}
    </div>
  );
}

/** The reader's language, for local names. */
export function useLanguage() {
  return useI18n().language;
}

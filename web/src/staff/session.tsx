import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiOptions, type ApiResult } from '../http.js';

export type StaffRole = 'intake_agent' | 'officer' | 'head_of_office' | 'department_monitor' | 'provincial_monitor' | 'analyst' | 'administrator';
export type SignInStage = 'second_factor' | 'enrol_second_factor' | 'change_password' | 'active';

/** GET /api/v1/auth/session (AuthSessionView). */
export interface StaffSessionView {
  stage: SignInStage;
  csrfToken: string;
  expiresAt: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    role: StaffRole;
    officeIds: string[];
    scope: { departmentId: string | null; areaId: string }[];
    secondFactor: boolean;
  };
}

export type SessionState = { kind: 'loading' } | { kind: 'signed_out' } | { kind: 'failed' } | { kind: 'signed_in'; session: StaffSessionView };

interface StaffSessionContext {
  state: SessionState;
  /** Sets the session after a sign-in step answered with one (or null after signing out). */
  setSession(session: StaffSessionView | null): void;
  reload(): void;
  /** The API with this session's CSRF token on every change; a 401 means the session ended: back to sign-in. */
  call<T>(path: string, options?: ApiOptions): Promise<ApiResult<T>>;
}

const Context = createContext<StaffSessionContext | null>(null);

/** Holds the staff member's session (the cookie is HttpOnly: what the page knows comes from GET /auth/session). */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api<StaffSessionView>('/api/v1/auth/session', { signal: controller.signal })
      .then((result) => {
        if (result.ok) setState({ kind: 'signed_in', session: result.data });
        else setState(result.problem.status === 401 ? { kind: 'signed_out' } : { kind: 'failed' });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [generation]);

  const setSession = useCallback((session: StaffSessionView | null) => setState(session ? { kind: 'signed_in', session } : { kind: 'signed_out' }), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const csrfToken = state.kind === 'signed_in' ? state.session.csrfToken : null;
  const call = useCallback(
    async <T,>(path: string, options: ApiOptions = {}): Promise<ApiResult<T>> => {
      const result = await api<T>(path, { ...options, csrfToken });
      if (!result.ok && result.problem.status === 401) setState({ kind: 'signed_out' });
      return result;
    },
    [csrfToken],
  );
  const value = useMemo(() => ({ state, setSession, reload, call }), [state, setSession, reload, call]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useStaffSession(): StaffSessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useStaffSession outside StaffSessionProvider');
  return context;
}

/** The signed-in session; only for pages the console shows when signed in. */
export function useSignedIn(): StaffSessionView {
  const { state } = useStaffSession();
  if (state.kind !== 'signed_in') throw new Error('useSignedIn while not signed in');
  return state.session;
}

import './account.css';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiOptions, type ApiResult } from '../../http.js';

/** GET /api/v1/citizen/session (CitizenSessionView). */
export interface CitizenProfile {
  phone: string | null;
  email: string | null;
  countryCode: string | null;
  name: string | null;
  language: 'en' | 'ur' | 'ps';
  cnic: string | null;
}

export interface CitizenSessionView {
  csrfToken: string;
  expiresAt: string;
  citizen: CitizenProfile;
}

export type CitizenSessionState = { kind: 'loading' } | { kind: 'signed_out' } | { kind: 'signed_in'; session: CitizenSessionView };

interface CitizenSessionContext {
  state: CitizenSessionState;
  /** After signing in (the session it answered), or null once signed out. */
  setSession(session: CitizenSessionView | null): void;
  setProfile(profile: CitizenProfile): void;
  signOut(): Promise<void>;
  /** The API with this session's CSRF token; a 401 means the session ended. */
  call<T>(path: string, options?: ApiOptions): Promise<ApiResult<T>>;
}

// The session cookie is HttpOnly; this flag (no secret in it) only says whether asking the server is worth it, so a
// visitor who never signed in is not sent a 401 on every page.
const HINT = 'ekhtyar.citizen';

function hinted(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

function setHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // Storage blocked: the session is then asked for on each page.
  }
}

const Context = createContext<CitizenSessionContext | null>(null);

/** Holds the signed-in citizen's session (what GET /citizen/session answers), for the nav, "my complaints" and the track page. */
export function CitizenSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<CitizenSessionState>(() => (hinted() ? { kind: 'loading' } : { kind: 'signed_out' }));

  useEffect(() => {
    if (!hinted()) return;
    const controller = new AbortController();
    api<CitizenSessionView>('/api/v1/citizen/session', { signal: controller.signal })
      .then((result) => {
        if (result.ok) setState({ kind: 'signed_in', session: result.data });
        else {
          if (result.problem.status === 401) setHint(false);
          setState({ kind: 'signed_out' });
        }
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const setSession = useCallback((session: CitizenSessionView | null) => {
    setHint(session !== null);
    setState(session ? { kind: 'signed_in', session } : { kind: 'signed_out' });
  }, []);
  const setProfile = useCallback((citizen: CitizenProfile) => setState((s) => (s.kind === 'signed_in' ? { kind: 'signed_in', session: { ...s.session, citizen } } : s)), []);
  const csrfToken = state.kind === 'signed_in' ? state.session.csrfToken : null;
  const call = useCallback(
    async <T,>(path: string, options: ApiOptions = {}): Promise<ApiResult<T>> => {
      const result = await api<T>(path, { ...options, csrfToken });
      if (!result.ok && result.problem.status === 401) setSession(null);
      return result;
    },
    [csrfToken, setSession],
  );
  const signOut = useCallback(async () => {
    await api('/api/v1/citizen/session', { method: 'DELETE', csrfToken }).catch(() => undefined);
    setSession(null);
  }, [csrfToken, setSession]);

  const value = useMemo(() => ({ state, setSession, setProfile, signOut, call }), [state, setSession, setProfile, signOut, call]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCitizenSession(): CitizenSessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useCitizenSession outside CitizenSessionProvider');
  return context;
}

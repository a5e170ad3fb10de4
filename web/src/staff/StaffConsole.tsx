import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { useMessages } from '../i18n/messages.js';
import { useTitle } from '../pages/Home.js';
import { Link, pathParam, usePath } from '../router.js';
import { StaffSessionProvider, useStaffSession, type StaffRole } from './session.js';
import { staffMessages } from './staff.messages.js';
import { StaffSignIn } from './SignIn.js';
import { QueuePage } from './queue/QueuePage.js';
import { ComplaintPage } from './complaint/ComplaintPage.js';
import './staff.css';

// The dashboards carry the charting library: a chunk of their own, loaded when one is opened. Opened directly, its
// chunk (which asks for the figures as it runs) loads while the session is being checked, not after.
const loadDashboard = () => import('./dashboard/DashboardPage.js');
if (window.location.pathname === '/staff/dashboard') void loadDashboard();
const DashboardPage = lazy(loadDashboard);

// The intake desk's and the administrators' pages are chunks of their own too: officers and monitors, who open the
// console most, never load them. Each loads at once when its page is opened directly, or as soon as someone whose
// role uses it is signed in (see Console), so that the first click on it does not wait.
const loadIntake = () => import('./intake/intake-pages.js');
const loadAdmin = () => import('./admin/AdminPage.js');
if (/^\/staff\/(intake|letters)(\/|$)/.test(window.location.pathname)) void loadIntake();
if (/^\/staff\/admin(\/|$)/.test(window.location.pathname)) void loadAdmin();
const IntakePage = lazy(() => loadIntake().then((m) => ({ default: m.IntakePage })));
const LettersPage = lazy(() => loadIntake().then((m) => ({ default: m.LettersPage })));
const AdminPage = lazy(() => loadAdmin().then((m) => ({ default: m.AdminPage })));
// The moderation screen is for the few who moderate: a chunk of its own too.
const ModerationPage = lazy(() => import('./moderation/ModerationPage.js').then((m) => ({ default: m.ModerationPage })));
const MODERATORS: StaffRole[] = ['provincial_monitor', 'administrator'];

const WORKING: StaffRole[] = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'];

/** The console's pages: path prefix, who uses it, and its label in the console's navigation. */
const PAGES = [
  { path: '/staff', label: 'nav.queue', roles: WORKING },
  { path: '/staff/dashboard', label: 'nav.dashboard', roles: [...WORKING, 'analyst', 'administrator'] },
  { path: '/staff/intake', label: 'nav.intake', roles: ['intake_agent'] },
  { path: '/staff/letters', label: 'nav.letters', roles: ['intake_agent'] },
  { path: '/staff/moderation', label: 'nav.moderation', roles: MODERATORS },
  { path: '/staff/admin', label: 'nav.admin', roles: ['administrator'] },
] as const satisfies readonly { path: string; label: keyof typeof staffMessages.en; roles: readonly StaffRole[] }[];

/** Where a role starts: its first page. */
export function homeFor(role: StaffRole): string {
  return PAGES.find((page) => (page.roles as readonly StaffRole[]).includes(role))?.path ?? '/staff/dashboard';
}

function Frame({ role, name, children }: { role: StaffRole; name: string; children: ReactNode }) {
  const t = useMessages(staffMessages);
  const path = usePath();
  const { call, setSession } = useStaffSession();
  const signOut = async () => {
    await call('/api/v1/auth/session', { method: 'DELETE' });
    setSession(null);
  };
  return (
    <div className="staff">
      <nav className="staff-nav" aria-label={t('nav.label')}>
        <ul>
          {PAGES.filter((page) => (page.roles as readonly StaffRole[]).includes(role)).map((page) => (
            <li key={page.path}>
              <Link to={page.path} aria-current={path === page.path || (page.path !== '/staff' && path.startsWith(`${page.path}/`)) ? 'page' : undefined}>
                {t(page.label)}
              </Link>
            </li>
          ))}
        </ul>
        <p className="who">{t('session.who', { name })}</p>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </nav>
      <div className="staff-page">{children}</div>
    </div>
  );
}

function StaffPage({ path, role }: { path: string; role: StaffRole }) {
  const t = useMessages(staffMessages);
  const { t: core } = useI18n();
  if (path === '/staff' || path === '/staff/') return (WORKING as readonly StaffRole[]).includes(role) ? <QueuePage /> : <HomeFor role={role} />;
  const code = pathParam(path, '/staff/complaints');
  if (code !== null) return <ComplaintPage code={code} />;
  const loading = <p role="status">{core('page.loading')}</p>;
  if (path === '/staff/dashboard') {
    return (
      <Suspense fallback={loading}>
        <DashboardPage />
      </Suspense>
    );
  }
  if (path === '/staff/intake' || path === '/staff/letters') {
    return <Suspense fallback={loading}>{path === '/staff/intake' ? <IntakePage /> : <LettersPage />}</Suspense>;
  }
  if (path === '/staff/moderation') {
    return MODERATORS.includes(role) ? (
      <Suspense fallback={loading}>
        <ModerationPage />
      </Suspense>
    ) : (
      <p>{t('page.notForRole')}</p>
    );
  }
  if (path === '/staff/admin' || path.startsWith('/staff/admin/')) {
    return role === 'administrator' ? (
      <Suspense fallback={loading}>
        <AdminPage path={path} />
      </Suspense>
    ) : (
      <p>{t('page.notForRole')}</p>
    );
  }
  return <p>{t('page.notFound')}</p>;
}

/** A role without a queue starts on its own first page. */
function HomeFor({ role }: { role: StaffRole }) {
  const path = homeFor(role);
  return path === '/staff' ? null : <StaffPage path={path} role={role} />;
}

function Console() {
  const t = useMessages(staffMessages);
  const { state } = useStaffSession();
  const path = usePath();
  const role = state.kind === 'signed_in' && state.session.stage === 'active' ? state.session.user.role : null;
  useEffect(() => {
    if (role === 'intake_agent') void loadIntake();
    if (role === 'administrator') void loadAdmin();
  }, [role]);
  if (state.kind === 'loading') return <p role="status">{t('session.loading')}</p>;
  if (state.kind === 'failed') return <p role="alert">{t('session.failed')}</p>;
  if (state.kind === 'signed_out' || state.session.stage !== 'active') return <StaffSignIn />;
  const { user } = state.session;
  return (
    <Frame role={user.role} name={user.displayName}>
      <StaffPage path={path} role={user.role} />
    </Frame>
  );
}

/** The staff console (its own chunk, loaded only under /staff). */
export default function StaffConsole() {
  useTitle('staff.title');
  return (
    <StaffSessionProvider>
      <Console />
    </StaffSessionProvider>
  );
}

import { lazy, Suspense } from 'react';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Layout } from './Layout.js';
import { useI18n } from './i18n/i18n.js';
import { MyComplaintsPage } from './pages/account/MyComplaintsPage.js';
import { SignInPage } from './pages/account/SignInPage.js';
import { FilePage } from './pages/file/FilePage.js';
import { HomePage, NotFoundPage } from './pages/Home.js';
import { TrackPage } from './pages/Track.js';
import { pathParam, usePath } from './router.js';

// The staff console is its own chunk: citizens never download it.
const StaffConsole = lazy(() => import('./staff/StaffConsole.js'));
// The transparency page carries the charts: a chunk of its own too.
const TransparencyPage = lazy(() => import('./pages/transparency/TransparencyPage.js'));

// A new top-level page is also named in APP_PAGES (server/plugins/web-app.plugin.ts), or it is served with a 404 status.
function Page({ path }: { path: string }) {
  const { t } = useI18n();
  if (path === '/') return <HomePage />;
  if (path === '/file') return <FilePage />;
  if (path === '/signin') return <SignInPage />;
  if (path === '/my') return <MyComplaintsPage />;
  if (path === '/transparency') {
    return (
      <Suspense fallback={<p role="status">{t('page.loading')}</p>}>
        <TransparencyPage />
      </Suspense>
    );
  }
  if (path === '/track') return <TrackPage code={null} />;
  const code = pathParam(path, '/track');
  if (code !== null) return <TrackPage code={code} />;
  if (path === '/staff' || path.startsWith('/staff/')) {
    return (
      <Suspense fallback={<p role="status">{t('staff.loading')}</p>}>
        <StaffConsole />
      </Suspense>
    );
  }
  return <NotFoundPage />;
}

export function App() {
  const path = usePath();
  return (
    <Layout>
      <ErrorBoundary key={path}>
        <Page path={path} />
      </ErrorBoundary>
    </Layout>
  );
}

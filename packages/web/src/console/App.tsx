/** The console shell: sign-in gate, then the pages the signed-in user's permissions open. */

import { lazy, type ReactElement, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { isUiLocale, UI_LOCALES, type UiLocale, useI18n } from '../i18n/i18n.js';
import { ApiError, get, patch, post } from '../shared/api.js';
import { Link, navigate, usePath } from '../shared/router.js';
import { JoinPage } from './experts/JoinPage.js';
import { DevicesPage } from './field/DevicesPage.js';
import { DashboardPage } from './monitoring/DashboardPage.js';
import { Dhis2Page } from './monitoring/Dhis2Page.js';
import { EstimatesPage } from './monitoring/EstimatesPage.js';
import { ReportsPage } from './monitoring/ReportsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { HomePage } from './pages/HomePage.js';
import { OrgPage } from './pages/OrgPage.js';
import { ProgrammePage } from './pages/ProgrammePage.js';
import { RolesPage } from './pages/RolesPage.js';
import { SecondFactor, SignInPage } from './pages/SignInPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { RightsCasePage } from './rights/RightsCasePage.js';
import { NewRightsCasePage, RightsPage } from './rights/RightsPage.js';
import { RightsTrendsPage } from './rights/RightsTrendsPage.js';
import { ClientPage } from './services/ClientPage.js';
import { DuplicatesPage } from './services/DuplicatesPage.js';
import { FindClientPage } from './services/FindClientPage.js';
import { ImportPage } from './services/ImportPage.js';
import { OstPage } from './services/OstPage.js';
import { OverdosesPage } from './services/OverdosesPage.js';
import { ReferralsPage } from './services/ReferralsPage.js';
import { StockPage } from './services/StockPage.js';
import { type Me, type Session, SessionContext } from './session.js';
import { WorkSiteProvider } from './work-site.js';

const REPORTS = ['report.read', 'report.read.suppressed'] as const;

// Loaded on first visit: the map shapes, charts and contract checks are not part of the console's first load.
const AdvocacyPage = lazy(() => import('./advocacy/AdvocacyPage.js'));
const CommunityPage = lazy(() => import('./community/CommunityPage.js'));
const GrantsPage = lazy(() => import('./grants/GrantsPage.js'));
const ReviewsPage = lazy(() => import('./grants/ReviewsPage.js'));
const ScorecardsPage = lazy(() => import('./scorecards/ScorecardsPage.js'));
const VisitsPage = lazy(() => import('./scorecards/VisitsPage.js'));
const ExpertsPage = lazy(() => import('./experts/ExpertsPage.js'));
const ProjectsPage = lazy(() =>
  import('./projects/ProjectsPage.js').then((m) => ({ default: m.ProjectsPage })),
);

interface PageDef {
  path: string;
  label: string;
  /** Shown when the user holds this permission, or any of these. */
  permission: string | readonly string[] | null;
  render: () => ReactElement;
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const m = await get('/auth/me');
      setMe(m);
      if (isUiLocale(m.locale) && !localStorage.getItem('harbour.locale')) setLocale(m.locale);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe(null);
    }
  }, [setLocale]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const session = useMemo<Session | null>(
    () => (me ? { me, can: (p: string) => me.permissions.includes(p), refresh } : null),
    [me, refresh],
  );

  const path = usePath();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change, which `path` signals
  useEffect(() => {
    // Move focus to the new page's heading so screen readers announce the change.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);

  // An invitation to the pool of experts is opened before there is an account to sign in with.
  if (path === '/console/join') return <JoinPage />;
  if (me === undefined) return <p className="loading">{t('app.loading')}</p>;
  if (me === null) return <SignInPage onSignedIn={refresh} />;
  if (!me.mfaOk) return <SecondFactor me={me} onDone={refresh} />;

  const pages: PageDef[] = [
    {
      path: '/console/',
      label: t('nav.home'),
      permission: null,
      render: () => <HomePage onSignedOut={() => setMe(null)} />,
    },
    {
      path: '/console/clients',
      label: t('nav.clients'),
      permission: 'client.read',
      render: () => <FindClientPage />,
    },
    {
      path: '/console/referrals',
      label: t('nav.referrals'),
      permission: 'referral.manage',
      render: () => <ReferralsPage />,
    },
    {
      path: '/console/overdoses',
      label: t('nav.overdoses'),
      permission: 'contact.write',
      render: () => <OverdosesPage />,
    },
    { path: '/console/ost', label: t('nav.ost'), permission: 'ost.dispense', render: () => <OstPage /> },
    {
      path: '/console/stock',
      label: t('nav.stock'),
      permission: 'stock.manage',
      render: () => <StockPage />,
    },
    {
      path: '/console/duplicates',
      label: t('nav.duplicates'),
      permission: 'client.merge',
      render: () => <DuplicatesPage />,
    },
    {
      path: '/console/import',
      label: t('nav.import'),
      permission: 'register.import',
      render: () => <ImportPage />,
    },
    {
      path: '/console/dashboard',
      label: t('nav.dashboard'),
      permission: REPORTS,
      render: () => <DashboardPage />,
    },
    {
      path: '/console/reports',
      label: t('nav.reports'),
      permission: REPORTS,
      render: () => <ReportsPage />,
    },
    {
      path: '/console/estimates',
      label: t('nav.estimates'),
      permission: REPORTS,
      render: () => <EstimatesPage />,
    },
    {
      path: '/console/dhis2',
      label: t('nav.dhis2'),
      permission: 'dhis2.manage',
      render: () => <Dhis2Page />,
    },
    {
      path: '/console/rights',
      label: t('nav.rights'),
      permission: ['rights.case', 'rights.capture'],
      render: () => (path === '/console/rights/new' ? <NewRightsCasePage /> : <RightsPage />),
    },
    {
      path: '/console/rights-trends',
      label: t('nav.rightsTrends'),
      permission: ['rights.trends', 'rights.trends.suppressed'],
      render: () => <RightsTrendsPage />,
    },
    {
      path: '/console/advocacy',
      label: t('nav.advocacy'),
      permission: 'advocacy.read',
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <AdvocacyPage />
        </Suspense>
      ),
    },
    {
      path: '/console/projects',
      label: t('nav.projects'),
      permission: ['project.read', 'project.manage'],
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <ProjectsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/community',
      label: t('nav.community'),
      permission: ['network.read', 'network.manage', 'advocacy.read'],
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <CommunityPage />
        </Suspense>
      ),
    },
    {
      path: '/console/grants',
      label: t('nav.grants'),
      permission: ['grants.read', 'grants.manage'],
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <GrantsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/reviews',
      label: t('nav.reviews'),
      permission: 'grants.review',
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <ReviewsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/scorecards',
      label: t('nav.scorecards'),
      permission: ['scorecard.read', 'scorecard.manage'],
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <ScorecardsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/visits',
      label: t('nav.visits'),
      permission: 'scorecard.visit',
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <VisitsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/experts',
      label: t('nav.experts'),
      permission: 'experts.manage',
      render: () => (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <ExpertsPage />
        </Suspense>
      ),
    },
    {
      path: '/console/devices',
      label: t('nav.devices'),
      permission: ['device.manage', 'caseload.read'],
      render: () => <DevicesPage />,
    },
    { path: '/console/org', label: t('nav.org'), permission: 'org.read', render: () => <OrgPage /> },
    {
      path: '/console/programme',
      label: t('nav.programme'),
      permission: 'settings.manage',
      render: () => <ProgrammePage />,
    },
    { path: '/console/users', label: t('nav.users'), permission: 'user.manage', render: () => <UsersPage /> },
    { path: '/console/roles', label: t('nav.roles'), permission: 'user.manage', render: () => <RolesPage /> },
    { path: '/console/audit', label: t('nav.audit'), permission: 'audit.read', render: () => <AuditPage /> },
  ].filter(
    (p) =>
      p.permission === null ||
      (typeof p.permission === 'string' ? [p.permission] : p.permission).some((x) =>
        me.permissions.includes(x),
      ),
  );
  const clientMatch = /^\/console\/clients\/([0-9a-f-]{36})$/.exec(path);
  const caseMatch = /^\/console\/rights\/([0-9a-f-]{36})$/.exec(path);
  const current: PageDef =
    clientMatch && me.permissions.includes('client.read')
      ? { path, label: '', permission: 'client.read', render: () => <ClientPage id={clientMatch[1]!} /> }
      : caseMatch && me.permissions.includes('rights.case')
        ? { path, label: '', permission: 'rights.case', render: () => <RightsCasePage id={caseMatch[1]!} /> }
        : (pages.find((p) => p.path === path || (p.path !== '/console/' && path.startsWith(`${p.path}/`))) ??
          pages[0]!);

  const changeLocale = async (l: UiLocale) => {
    setLocale(l);
    await patch('/auth/me', { locale: l }).catch(() => undefined);
  };

  const signOut = async () => {
    await post('/auth/sign-out').catch(() => undefined);
    setMe(null);
    navigate('/console/');
  };

  return (
    <SessionContext.Provider value={session}>
      <WorkSiteProvider>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="topbar">
          <span className="brand">Harbour</span>
          <nav aria-label={t('nav.label')}>
            <ul>
              {pages.map((p) => (
                <li key={p.path}>
                  <Link href={p.path}>{p.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="topbar__user">
            <label className="visually-hidden" htmlFor="locale-select">
              {t('app.language')}
            </label>
            <select
              id="locale-select"
              value={locale}
              onChange={(e) => void changeLocale(e.target.value as UiLocale)}
            >
              {UI_LOCALES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
            <span className="topbar__name">{me.displayName}</span>
            <button type="button" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </header>
        <main id="main">{current.render()}</main>
      </WorkSiteProvider>
    </SessionContext.Provider>
  );
}

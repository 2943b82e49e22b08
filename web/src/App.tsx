import { useCallback, useEffect, useState } from 'react';
import { AccountPage } from './features/account/AccountPage';
import { AgreementsPage } from './features/agreements/AgreementsPage';
import { AlertsPage } from './features/alerts/AlertsPage';
import { AnnouncementsPage } from './features/announcements/AnnouncementsPage';
import { AuditTrailPage } from './features/audit/AuditTrailPage';
import { BriefsPage } from './features/briefs/BriefsPage';
import { CommunityAlertsPage } from './features/community-alerts/CommunityAlertsPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { DrugCheckingPage } from './features/drug-checking/DrugCheckingPage';
import { EntryPage } from './features/entry/EntryPage';
import { ExchangePage } from './features/exchange/ExchangePage';
import { FatalityReviewsPage } from './features/fatality-reviews/FatalityReviewsPage';
import { HomePage } from './features/home/HomePage';
import { LinkagePage } from './features/linkage/LinkagePage';
import { NaloxonePage } from './features/naloxone/NaloxonePage';
import { OrganizationsPage } from './features/organizations/OrganizationsPage';
import { OutreachPage } from './features/outreach/OutreachPage';
import { ReportsPage } from './features/publications/ReportsPage';
import { RecordsPage } from './features/records/RecordsPage';
import { ReferralsPage } from './features/referrals/ReferralsPage';
import { ResourcesPage } from './features/resources/ResourcesPage';
import { WellbeingPage } from './features/responders/WellbeingPage';
import { RulesPage } from './features/rules/RulesPage';
import { SecurityPage } from './features/security/SecurityPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { LoginPage } from './features/sign-in/LoginPage';
import { UsersPage } from './features/users/UsersPage';
import { WelcomePage } from './features/welcome/WelcomePage';
import { api, onSessionEnded } from './shared/api';
import type { Me, Session } from './shared/api-responses';
import { pageFor, pageInfo, pagesByRole, roleNames } from './shared/navigation';
import { navigate, useLocation } from './shared/router';

/** The app: signs the user in, then shows the pages of their role. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const location = useLocation();

  const load = useCallback(() => {
    // Signed out is an answer of this endpoint, not a 401, so the sign-in page logs no failed request.
    api<Session>('/api/v1/auth/session')
      // Only people sign in to the app; an API key's or the system's identity is not a session here.
      .then((session) => setMe(session.me?.kind === 'user' ? session.me : null))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);
  // A user who owes the jurisdiction a second factor lands on Account to set one up (once per load).
  const mfaMissing = me?.mfa_missing === true;
  useEffect(() => {
    if (mfaMissing) navigate(pageInfo.account.path, true);
  }, [mfaMissing]);
  // A request refused for want of a session after signing in: the session was revoked, left idle or
  // too old. The sign-in form says so rather than the page showing errors.
  const [sessionEnded, setSessionEnded] = useState(false);
  useEffect(() => {
    if (!me) return;
    onSessionEnded(() => {
      setSessionEnded(true);
      setMe(null);
    });
    return () => onSessionEnded(null);
  }, [me]);

  if (error)
    return (
      <p role="alert" className="page-error">
        {error}
      </p>
    );
  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    if (location.path === '/welcome') return <WelcomePage onSignedIn={load} />;
    return (
      <LoginPage
        onSignedIn={() => {
          setSessionEnded(false);
          load();
        }}
        notice={sessionEnded ? 'Your session ended. Sign in again to go on.' : undefined}
      />
    );
  }

  const page = pageFor(me.role, location.path);
  const signOut = async () => {
    await api('/api/v1/auth/logout', { method: 'POST' });
    setMe(null);
    navigate('/', true);
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">SOS</span>
        <nav aria-label="Main">
          <ul>
            {pagesByRole[me.role].map((p) => (
              <li key={p}>
                <a
                  href={`${pageInfo[p].path}${p === 'dashboard' || p === 'records' ? location.search : ''}`}
                  aria-current={p === page ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    // The dashboard and the records share their filters, so moving between them keeps the view.
                    navigate(
                      `${pageInfo[p].path}${p === 'dashboard' || p === 'records' ? location.search : ''}`,
                    );
                  }}
                >
                  {pageInfo[p].title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">{roleNames[me.role]}</span>
        <button type="button" className="link-button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {me.mfa_missing && page !== 'account' && (
          <p className="notice" role="status">
            Your jurisdiction requires a second factor for line-level and identifiable data.{' '}
            <a href={pageInfo.account.path}>Set one up under Account</a>.
          </p>
        )}
        {page === 'dashboard' && <DashboardPage me={me} search={location.search} />}
        {page === 'records' && <RecordsPage search={location.search} />}
        {page === 'linkage' && <LinkagePage />}
        {page === 'alerts' && <AlertsPage me={me} />}
        {page === 'rules' && <RulesPage me={me} />}
        {page === 'reports' && <ReportsPage me={me} />}
        {page === 'entry' && <EntryPage me={me} />}
        {page === 'home' && <HomePage />}
        {page === 'resources' && <ResourcesPage />}
        {page === 'wellbeing' && <WellbeingPage />}
        {page === 'agreements' && <AgreementsPage />}
        {page === 'users' && <UsersPage />}
        {page === 'organizations' && <OrganizationsPage />}
        {page === 'settings' && <SettingsPage />}
        {page === 'audit' && <AuditTrailPage />}
        {page === 'security' && <SecurityPage />}
        {page === 'briefs' && <BriefsPage me={me} />}
        {page === 'announcements' && <AnnouncementsPage me={me} />}
        {page === 'community-alerts' && <CommunityAlertsPage me={me} />}
        {page === 'naloxone' && <NaloxonePage me={me} />}
        {page === 'drug-checking' && <DrugCheckingPage me={me} />}
        {page === 'fatality-reviews' && <FatalityReviewsPage me={me} />}
        {page === 'exchange' && <ExchangePage me={me} />}
        {page === 'account' && <AccountPage me={me} onChanged={load} />}
        {page === 'referrals' && (
          <ReferralsPage me={me} path={pageInfo[page].path} search={location.search} />
        )}
        {(page === 'my-queue' || page === 'program-queue') && (
          <OutreachPage me={me} view={page} path={pageInfo[page].path} search={location.search} />
        )}
      </main>
    </div>
  );
}

// The dashboard's pages, read by both the web router (web/src) and the server (src), which answers each
// path with the app so that a reload or a bookmark opens the page. It imports nothing, so either side
// may import it without depending on the other.

/** Each page of the app: its path and its menu title. */
export const appPages = {
  dashboard: { path: '/dashboard', title: 'Dashboard' },
  records: { path: '/records', title: 'Records' },
  linkage: { path: '/linkage', title: 'Linkage review' },
  alerts: { path: '/alerts', title: 'Alerts' },
  rules: { path: '/rules', title: 'Alert rules' },
  reports: { path: '/reports', title: 'Reports' },
  entry: { path: '/entry', title: 'Report an overdose' },
  home: { path: '/home', title: 'Home' },
  'program-queue': { path: '/outreach/program', title: 'Program queue' },
  'my-queue': { path: '/outreach/my-queue', title: 'My queue' },
  resources: { path: '/resources', title: 'Resources' },
  wellbeing: { path: '/responders', title: 'Responder well-being' },
  agreements: { path: '/agreements', title: 'Agreements' },
  referrals: { path: '/referrals', title: 'Referrals' },
  organizations: { path: '/admin/organizations', title: 'Organizations' },
  audit: { path: '/admin/audit', title: 'Audit trail' },
  security: { path: '/admin/security', title: 'Keys and backups' },
  users: { path: '/admin/users', title: 'Users' },
  settings: { path: '/admin/settings', title: 'Settings' },
  briefs: { path: '/briefs', title: 'Briefs' },
  announcements: { path: '/announcements', title: 'Announcements' },
  'community-alerts': { path: '/community-alerts', title: 'Community alerts' },
  naloxone: { path: '/naloxone', title: 'Naloxone' },
  'drug-checking': { path: '/drug-checking', title: 'Drug checking' },
  'fatality-reviews': { path: '/fatality-reviews', title: 'Fatality reviews' },
  exchange: { path: '/exchange', title: 'Data exchange' },
  account: { path: '/account', title: 'Account' },
} as const;

/** A page of the app. */
export type AppPage = keyof typeof appPages;

/**
 * Paths that open the app without naming a page: the sign-in form, then the role's first page; and
 * the welcome page of an invitation's link, which the app shows signed out.
 */
export const appEntryPaths = ['/', '/login', '/welcome'] as const;

/** Every path the server answers with the app. */
export const appPaths: readonly string[] = [
  ...appEntryPaths,
  ...Object.values(appPages).map((page) => page.path),
];

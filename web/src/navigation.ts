import type { Role } from './api';

/** A page of the app. */
export type Page = 'dashboard' | 'records' | 'alerts' | 'rules' | 'reports' | 'entry' | 'home';

/** The pages each role may open, in menu order; the first is where the role lands after sign-in. */
export const pagesByRole: Record<Role, Page[]> = {
  analyst: ['dashboard', 'records', 'alerts', 'rules', 'reports', 'entry'],
  public_safety_analyst: ['dashboard', 'alerts', 'reports'],
  harm_reduction_partner: ['dashboard', 'alerts', 'reports'],
  submitter: ['entry'],
  administrator: ['home', 'rules', 'reports'],
  outreach_coordinator: ['home', 'alerts'],
  outreach_worker: ['home'],
};

/** Each page's path and menu title. */
export const pageInfo: Record<Page, { path: string; title: string }> = {
  dashboard: { path: '/dashboard', title: 'Dashboard' },
  records: { path: '/records', title: 'Records' },
  alerts: { path: '/alerts', title: 'Alerts' },
  rules: { path: '/rules', title: 'Alert rules' },
  reports: { path: '/reports', title: 'Reports' },
  entry: { path: '/entry', title: 'Report an overdose' },
  home: { path: '/home', title: 'Home' },
};

/** The page a path opens for a role: the path's page when the role may open it, else the role's first. */
export function pageFor(role: Role, path: string): Page {
  const pages = pagesByRole[role];
  const wanted = pages.find((p) => pageInfo[p].path === path);
  return wanted ?? (pages[0] as Page);
}

/** Human names of the roles. */
export const roleNames: Record<Role, string> = {
  analyst: 'Public health analyst',
  public_safety_analyst: 'Public safety analyst',
  harm_reduction_partner: 'Harm reduction partner',
  submitter: 'Data submitter',
  administrator: 'Administrator',
  outreach_coordinator: 'Outreach coordinator',
  outreach_worker: 'Outreach worker',
};

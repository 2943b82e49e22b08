import { type AppPage, appPages } from '../../../common/app-pages';
import type { Role } from './api-responses';

/** A page of the app (the list the server also serves, in common/app-pages.ts). */
export type Page = AppPage;

/** The pages each role may open, in menu order; the first is where the role lands after sign-in. */
export const pagesByRole: Record<Role, Page[]> = {
  analyst: [
    'dashboard',
    'records',
    'linkage',
    'alerts',
    'rules',
    'reports',
    'briefs',
    'announcements',
    'community-alerts',
    'naloxone',
    'drug-checking',
    'fatality-reviews',
    'exchange',
    'entry',
    'resources',
    'wellbeing',
    'account',
  ],
  public_safety_analyst: [
    'dashboard',
    'alerts',
    'reports',
    'briefs',
    'announcements',
    'naloxone',
    'drug-checking',
    'resources',
    'wellbeing',
    'account',
  ],
  harm_reduction_partner: [
    'dashboard',
    'alerts',
    'reports',
    'briefs',
    'announcements',
    'community-alerts',
    'naloxone',
    'drug-checking',
    'resources',
    'account',
  ],
  submitter: ['entry', 'exchange', 'account'],
  administrator: [
    'home',
    'users',
    'organizations',
    'settings',
    'audit',
    'security',
    'rules',
    'reports',
    'wellbeing',
    'agreements',
    'account',
  ],
  outreach_coordinator: [
    'program-queue',
    'my-queue',
    'alerts',
    'naloxone',
    'fatality-reviews',
    'resources',
    'account',
  ],
  outreach_worker: ['my-queue', 'resources', 'account'],
  service_provider: ['referrals', 'account'],
  outreach_oversight: ['home', 'fatality-reviews', 'account'],
};

/** Each page's path and menu title. */
export const pageInfo: Record<Page, { path: string; title: string }> = appPages;

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
  service_provider: 'Service provider',
  outreach_oversight: 'Program oversight',
};

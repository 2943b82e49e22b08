import { z } from 'zod';
import { dueAt, isOverdue } from './response-clock.js';

/** Whom a visit's team had with it, as the coordinator's view counts visits. */
export const teamCompositions = [
  'public_health_only',
  'with_plain_clothes_officer',
  'with_uniformed_officer',
] as const;

/** The days of recent visits whose team composition queue health reports. */
export const RECENT_VISIT_DAYS = 30;

const HOURS_24_MS = 24 * 3_600_000;

/** A program's queue at a glance, for its coordinators (counts only: no case, no person). */
export const queueHealthSchema = z.object({
  open: z.number().int(),
  unassigned: z.number().int(),
  overdue: z.number().int(),
  due_within_24h: z.number().int().describe('Open, nobody reached yet, window closing in the next 24 hours'),
  contact_unusable: z
    .number()
    .int()
    .describe('Open cases whose report carried neither a usable phone nor an address'),
  by_worker: z.array(
    z.object({
      user_id: z.uuid(),
      display_name: z.string(),
      open: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  recent_visits: z.object({
    days: z.number().int(),
    total: z.number().int(),
    team_composition: z.array(z.object({ composition: z.enum(teamCompositions), visits: z.number().int() })),
  }),
});

/** A presented queue health. */
export type QueueHealth = z.infer<typeof queueHealthSchema>;

/** An open case as queue health counts it. */
export interface OpenCaseState {
  clockStartedAt: Date;
  assignedTo: string | null;
  contactFlags: readonly string[];
  survivorReached: boolean;
}

/**
 * Queue health from a program's open cases, its members who sign in (each listed, with none open too),
 * and the law enforcement at its recent visits. Pure: overdue is the queue's own rule (response-clock.ts).
 */
export function queueHealthOf(
  input: {
    windowHours: number;
    openCases: readonly OpenCaseState[];
    workers: readonly { userId: string; displayName: string }[];
    recentVisits: readonly { lawEnforcementPresent: boolean; lawEnforcementDress: string | null }[];
  },
  now: Date,
): QueueHealth {
  const states = input.openCases.map((c) => {
    const due = dueAt(c.clockStartedAt, input.windowHours);
    const overdue = isOverdue({ status: 'open', survivorReached: c.survivorReached, dueAt: due }, now);
    const dueSoon = !c.survivorReached && !overdue && due.getTime() - now.getTime() <= HOURS_24_MS;
    return { ...c, overdue, dueSoon };
  });
  const byWorker = new Map(
    input.workers.map((w) => [
      w.userId,
      { user_id: w.userId, display_name: w.displayName, open: 0, overdue: 0 },
    ]),
  );
  for (const s of states) {
    if (!s.assignedTo) continue;
    // A case left with someone who has since left the team still counts, under that user's id.
    const row = byWorker.get(s.assignedTo) ?? {
      user_id: s.assignedTo,
      display_name: '',
      open: 0,
      overdue: 0,
    };
    row.open++;
    if (s.overdue) row.overdue++;
    byWorker.set(s.assignedTo, row);
  }
  const composition = (v: (typeof input.recentVisits)[number]): (typeof teamCompositions)[number] =>
    !v.lawEnforcementPresent
      ? 'public_health_only'
      : v.lawEnforcementDress === 'uniform'
        ? 'with_uniformed_officer'
        : 'with_plain_clothes_officer';
  return {
    open: states.length,
    unassigned: states.filter((s) => !s.assignedTo).length,
    overdue: states.filter((s) => s.overdue).length,
    due_within_24h: states.filter((s) => s.dueSoon).length,
    contact_unusable: states.filter(
      (s) => s.contactFlags.includes('no_phone') && s.contactFlags.includes('no_address'),
    ).length,
    by_worker: [...byWorker.values()],
    recent_visits: {
      days: RECENT_VISIT_DAYS,
      total: input.recentVisits.length,
      team_composition: teamCompositions.map((c) => ({
        composition: c,
        visits: input.recentVisits.filter((v) => composition(v) === c).length,
      })),
    },
  };
}

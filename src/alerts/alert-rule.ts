import type { OverdoseScope } from '../surveillance/scoped-counts/overdose-scope.js';

/** The overdoses a rule counts; every field narrows the count, none means the whole jurisdiction. */
export type AlertScope = OverdoseScope;

/** Who is emailed: analysts get the full numbers, partners a short, non-identifying text. */
export interface EmailAudiences {
  analyst: string[];
  partner: string[];
}

/**
 * The statistical methods a rule may run on a schedule over the rollups: EARS C2 and ESSENCE's
 * regression/EWMA switch on complete days, Farrington (Noufaily's settings) on complete MMWR weeks.
 */
export const statisticalMethods = ['ears_c2', 'essence_switch', 'farrington'] as const;
/** A statistical method of a scheduled rule. */
export type StatisticalMethod = (typeof statisticalMethods)[number];

/** The detection methods a rule may use: the 24-hour recurrence threshold on the live feed, or a statistical one. */
export const alertMethods = ['threshold_24h', ...statisticalMethods] as const;
/** A rule's detection method. */
export type AlertMethod = (typeof alertMethods)[number];

/** Whether a method runs on the schedule (a statistical one) rather than on every change. */
export function isStatisticalMethod(method: string): method is StatisticalMethod {
  return (statisticalMethods as readonly string[]).includes(method);
}

/**
 * What else must hold before a rule raises: nothing; overdoses of the window from at least two
 * distinct primary source types; or (statistical rules) a second method alarming on the same period.
 */
export const corroborations = ['none', 'two_sources', 'second_method'] as const;
/** A rule's corroboration requirement. */
export type Corroboration = (typeof corroborations)[number];

/** An alert rule as stored, with its webhook secret still sealed. */
export interface AlertRule {
  jurisdictionId: string;
  id: string;
  name: string;
  scope: AlertScope;
  method: AlertMethod;
  /** A statistical method's parameters by R's control names (`sos detect`'s), or null for its defaults. */
  params: Record<string, unknown> | null;
  corroboration: Corroboration;
  /** With `second_method` corroboration: the other statistical method that must alarm too. */
  secondMethod: StatisticalMethod | null;
  minimumCount: number;
  coolDownMinutes: number;
  emailAudiences: EmailAudiences;
  webhookUrl: string | null;
  webhookSecretKeyId: string | null;
  webhookSecretSealed: Uint8Array | null;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
}

/**
 * An alert as stored: one episode of a rule's signal. The window, count and threshold are those that
 * opened it; the peak and last window follow it while the signal persists; `endedAt` is when it fell back.
 */
export interface Alert {
  jurisdictionId: string;
  id: string;
  ruleId: string;
  raisedAt: Date;
  windowStart: Date;
  windowEnd: Date;
  count: number;
  /** The threshold that applied: the smallest count that raised (`appliedThreshold`). */
  threshold: number;
  status: AlertStatus;
  details: AlertDetails;
  peakCount: number;
  lastWindowEnd: Date;
  endedAt: Date | null;
  updatedAt: Date;
}

/** What was evaluated when an alert was raised: enough to write its texts again. */
export interface AlertDetails {
  ruleName: string;
  method: AlertMethod;
  scope: AlertScope;
  /** The area's name, or the jurisdiction's when the rule watches all of it. */
  placeName: string;
  timeZone: string;
  minimumCount: number;
  /** Counts of the earlier windows (30 of 24 hours, or a statistical rule's earlier periods), most recent first. */
  earlierCounts: number[];
  /** A 24-hour rule's recurrence threshold, which the count exceeded (absent on alerts older than it). */
  recurrenceThreshold?: number;
  /** A statistical rule's period ('day' or 'week'); absent for the 24-hour threshold. */
  period?: 'day' | 'week';
  /** A statistical method's upper bound for the period (the alert's threshold is its floor). */
  upperbound?: number;
  /** The corroboration the rule asked for, when any, and the second method's upper bound. */
  corroboration?: Corroboration;
  secondMethod?: StatisticalMethod;
}

/** An alert's lifecycle: new → acknowledged → responding → closed; closed is final. */
export const alertStatuses = ['new', 'acknowledged', 'responding', 'closed'] as const;
/** Where an alert is in its lifecycle. */
export type AlertStatus = (typeof alertStatuses)[number];

const transitions: Record<AlertStatus, readonly AlertStatus[]> = {
  new: ['acknowledged', 'closed'],
  acknowledged: ['responding', 'closed'],
  responding: ['closed'],
  closed: [],
};

/** Whether an alert may move from one status to another. */
export function mayTransition(from: AlertStatus, to: AlertStatus): boolean {
  return transitions[from].includes(to);
}

/** What can be done about an alert, as logged in its responses. */
export const responseActions = [
  'naloxone_distribution',
  'public_announcement',
  'outreach_surge',
  'drug_checking',
  'other',
] as const;
/** A kind of response to an alert. */
export type ResponseAction = (typeof responseActions)[number];

/** A status change as stored, with the display name (or email) of who made it. */
export interface AlertEvent {
  id: string;
  alertId: string;
  fromStatus: AlertStatus;
  toStatus: AlertStatus;
  note: string | null;
  changedBy: string;
  changedByName: string | null;
  changedAt: Date;
}

/** A response as stored, with the display name (or email) of who recorded it. */
export interface AlertResponse {
  id: string;
  alertId: string;
  action: ResponseAction;
  note: string | null;
  takenAt: Date;
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: Date;
}

import type { AuditEntry } from '../audit-chain.js';

/** The kinds of unusual reads the privacy contact hears of. */
export const findingKinds = ['many_persons', 'out_of_hours', 'break_the_glass'] as const;
/** One kind of unusual read. */
export type FindingKind = (typeof findingKinds)[number];

/** One unusual read: its kind, who, the entry that showed it and what it amounted to. */
export interface Finding {
  kind: FindingKind;
  actorId: string;
  /** The jurisdiction's local day of the entry. */
  day: string;
  seq: number;
  at: Date;
  details: Record<string, unknown>;
}

/** When people work, in the jurisdiction's time zone: minutes of the day [from, to) and ISO week days. */
export interface WorkingTime {
  timeZone: string;
  from: number;
  to: number;
  /** 1 Monday to 7 Sunday. */
  days: readonly number[];
}

const HOUR_MS = 3_600_000;

/** The local day, ISO week day and minute of the day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { day: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday as string) + 1;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** A user's read of T2 or T3 data: every such read is audited with its purpose of use. */
function isUserRead(entry: AuditEntry): entry is AuditEntry & { actorId: string } {
  return entry.actorType === 'user' && entry.actorId !== null && entry.purpose !== null;
}

/**
 * Users who read more than `perHour` distinct persons within an hour (any 60 minutes, not the clock's
 * hours): one finding per user and local day, at the read that crossed the limit. `entries` are in seq
 * order; those at or before `newAfterSeq` are context only (the hour before the new ones), so a window
 * that spans two runs is still counted whole, and a finding is made only at a new entry.
 */
export function findManyPersonReads(
  entries: readonly AuditEntry[],
  options: { perHour: number; newAfterSeq: number; timeZone: string },
): Finding[] {
  const findings: Finding[] = [];
  const windows = new Map<string, AuditEntry[]>();
  const found = new Set<string>();
  for (const entry of entries) {
    if (!isUserRead(entry) || entry.subjectType !== 'person' || entry.subjectId === null) continue;
    const window = (windows.get(entry.actorId) ?? []).filter(
      (e) => e.at.getTime() > entry.at.getTime() - HOUR_MS,
    );
    window.push(entry);
    windows.set(entry.actorId, window);
    if (entry.seq <= options.newAfterSeq) continue;
    const persons = new Set(window.map((e) => e.subjectId)).size;
    const day = localTime(entry.at, options.timeZone).day;
    const key = `${entry.actorId}\u0000${day}`;
    if (persons > options.perHour && !found.has(key)) {
      found.add(key);
      findings.push({
        kind: 'many_persons',
        actorId: entry.actorId,
        day,
        seq: entry.seq,
        at: entry.at,
        details: { persons, per_hour: options.perHour, since: (window[0] as AuditEntry).at.toISOString() },
      });
    }
  }
  return findings;
}

/** Reads of T2/T3 data outside working time: one finding per user and local day, counting that day's reads. */
export function findOutOfHoursReads(entries: readonly AuditEntry[], working: WorkingTime): Finding[] {
  const byUserDay = new Map<string, Finding>();
  for (const entry of entries) {
    if (!isUserRead(entry)) continue;
    const local = localTime(entry.at, working.timeZone);
    const inHours =
      working.days.includes(local.weekday) && local.minute >= working.from && local.minute < working.to;
    if (inHours) continue;
    const key = `${entry.actorId}\u0000${local.day}`;
    const finding = byUserDay.get(key);
    if (finding) finding.details.reads = (finding.details.reads as number) + 1;
    else {
      byUserDay.set(key, {
        kind: 'out_of_hours',
        actorId: entry.actorId,
        day: local.day,
        seq: entry.seq,
        at: entry.at,
        details: { reads: 1, first_action: entry.action },
      });
    }
  }
  return [...byUserDay.values()];
}

/** Every broken glass, each its own finding with the record and the reason given. */
export function findBrokenGlasses(entries: readonly AuditEntry[], timeZone: string): Finding[] {
  return entries
    .filter((e) => e.action === 'access.break_the_glass' && e.actorId !== null)
    .map((e) => {
      const details = (e.details ?? {}) as Record<string, unknown>;
      return {
        kind: 'break_the_glass' as const,
        actorId: e.actorId as string,
        day: localTime(e.at, timeZone).day,
        seq: e.seq,
        at: e.at,
        details: {
          subject_type: e.subjectType,
          subject_id: e.subjectId,
          ...(typeof details.reason === 'string' ? { reason: details.reason } : {}),
        },
      };
    });
}

/**
 * Repeat overdoses: whether the person of an overdose had another one shortly before. A rule of its
 * own, apart from intake, because it looks across overdoses (the facts of one overdose never settle it).
 */

/** 'repeat': another overdose of the same person in the window before; 'first_known': none known. */
export type RepeatStatus = 'repeat' | 'first_known' | 'unidentified';

/** How far back an earlier overdose makes a repeat: a year, as repeat-overdose measures commonly use. */
export const REPEAT_WINDOW_DAYS = 365;
const WINDOW_MS = REPEAT_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** One person (by match key) named by a report of one overdose. */
export interface PersonOverdose {
  key: string;
  overdoseId: string;
  occurredAt: Date;
}

/**
 * The status of each of `overdoseIds`, given every overdose of every person they name. An overdose is
 * a repeat when a person it names has another overdose in the year up to it; one that happened at the
 * same instant counts as earlier only if its id sorts first, so of two such overdoses exactly one is
 * a repeat. Without a person it is unidentified.
 */
export function repeatStatuses(
  links: readonly PersonOverdose[],
  overdoseIds: Iterable<string>,
): Map<string, RepeatStatus> {
  const byKey = new Map<string, Map<string, number>>();
  const keysOf = new Map<string, string[]>();
  for (const link of links) {
    let overdoses = byKey.get(link.key);
    if (!overdoses) {
      overdoses = new Map();
      byKey.set(link.key, overdoses);
    }
    overdoses.set(link.overdoseId, link.occurredAt.getTime());
    const keys = keysOf.get(link.overdoseId) ?? [];
    if (!keys.includes(link.key)) keys.push(link.key);
    keysOf.set(link.overdoseId, keys);
  }
  const statuses = new Map<string, RepeatStatus>();
  for (const id of overdoseIds) {
    const keys = keysOf.get(id);
    if (!keys) {
      statuses.set(id, 'unidentified');
      continue;
    }
    const at = byKey.get(keys[0] as string)?.get(id) as number;
    const earlier = keys.some((key) => {
      for (const [other, when] of byKey.get(key) as Map<string, number>) {
        if (other === id || when < at - WINDOW_MS) continue;
        if (when < at || (when === at && other < id)) return true;
      }
      return false;
    });
    statuses.set(id, earlier ? 'repeat' : 'first_known');
  }
  return statuses;
}

import type { Alert } from './alert-rule.js';

/** An email's subject and plain-text body. */
export interface AlertText {
  subject: string;
  body: string;
}

/**
 * The text for partners (harm reduction, public safety): short, plain and non-stigmatizing, with the
 * place and the numbers only. No times (the window is "the last 24 hours"), no record detail, so
 * nothing in it can point at a person or a single overdose.
 */
export function partnerAlertText(alert: Pick<Alert, 'count' | 'threshold' | 'details'>): AlertText {
  const place = alert.details.placeName;
  const span = { day: 'the last day', week: 'the last week' }[alert.details.period ?? 'day'];
  return {
    subject: `Overdose spike alert: ${place}`,
    body: [
      `More suspected overdoses than usual in ${place} in ${alert.details.period ? span : 'the last 24 hours'}: ${alert.count} (alert level ${alert.threshold}).`,
      '',
      'Carry naloxone and share it. Avoid using alone, start with a small amount, and call 911 for an overdose: Good Samaritan laws protect the caller.',
      'Local harm reduction programs have naloxone, test strips and support.',
    ].join('\n'),
  };
}

/**
 * Why a 24-hour alert's threshold is what it is: above the recurrence threshold and at least the
 * minimum count (alerts stored before the recurrence threshold was kept name the minimum alone).
 */
function thresholdReasons(recurrence: number | undefined, minimumCount: number): string {
  const minimum = `at least the minimum count of ${minimumCount}`;
  if (recurrence === undefined) return minimum;
  return `above the recurrence threshold of ${recurrence} (the highest 24-hour count reached in at least 2 of the 30 earlier back-to-back 24-hour windows) and ${minimum}`;
}

/** The text for analysts: the full numbers, scope, window, threshold and method. */
export function analystAlertText(alert: Alert): AlertText {
  const d = alert.details;
  if (d.period) return statisticalAnalystText(alert, d.period);
  const scope = d.scope;
  const scopeLines = [
    `  area: ${scope.layerId ? `${d.placeName} (layer ${scope.layerId}, area ${scope.areaId})` : `${d.placeName} (whole jurisdiction)`}`,
    `  primary source types: ${scope.sourceTypes?.length ? scope.sourceTypes.join(', ') : 'all'}`,
    `  substance: ${scope.substance ?? 'any'}`,
    `  case definition: ${scope.caseDefinition ?? 'any'}`,
  ];
  return {
    subject: `[SOS] ${d.ruleName}: ${alert.count} suspected overdoses in 24 hours (threshold ${alert.threshold})`,
    body: [
      `Alert ${alert.id} raised ${alert.raisedAt.toISOString()} by rule "${d.ruleName}".`,
      '',
      `Count: ${alert.count} suspected overdoses in the 24-hour window ${alert.windowStart.toISOString()} to ${alert.windowEnd.toISOString()} (jurisdiction time zone ${d.timeZone}).`,
      `Threshold: ${alert.threshold}, the smallest count that raises an alert: ${thresholdReasons(d.recurrenceThreshold, d.minimumCount)}.`,
      `Method: ${d.method} (ODMAP-style 24-hour recurrence threshold).`,
      `Earlier 24-hour counts, most recent first: ${d.earlierCounts.join(', ')}.`,
      'Scope:',
      ...scopeLines,
    ].join('\n'),
  };
}

/** The analysts' text of a statistical rule's alert: the period, the count and the method's bound. */
function statisticalAnalystText(alert: Alert, period: 'day' | 'week'): AlertText {
  const d = alert.details;
  const scope = d.scope;
  return {
    subject: `[SOS] ${d.ruleName}: ${alert.count} suspected overdoses in one ${period} (${d.method} alarm)`,
    body: [
      `Alert ${alert.id} raised ${alert.raisedAt.toISOString()} by rule "${d.ruleName}".`,
      '',
      `Count: ${alert.count} suspected overdoses in the ${period} ${alert.windowStart.toISOString()} to ${alert.windowEnd.toISOString()} (jurisdiction time zone ${d.timeZone}).`,
      `Threshold: ${alert.threshold}, the smallest count that raises an alert: above the method's upper bound (${d.upperbound ?? 'not computed'}) and at least the minimum count of ${d.minimumCount}.`,
      `Method: ${d.method}; the alert needs an alarm.`,
      ...(d.corroboration
        ? [`Corroborated: ${d.corroboration}${d.secondMethod ? ` (${d.secondMethod})` : ''}.`]
        : []),
      `Earlier ${period}s, most recent first: ${d.earlierCounts.join(', ')}.`,
      'Scope:',
      `  area: ${scope.layerId ? `${d.placeName} (layer ${scope.layerId}, area ${scope.areaId})` : `${d.placeName} (whole jurisdiction)`}`,
      `  primary source types: ${scope.sourceTypes?.length ? scope.sourceTypes.join(', ') : 'all'}`,
      `  substance: ${scope.substance ?? 'any'}`,
      `  case definition: ${scope.caseDefinition ?? 'any'}`,
    ].join('\n'),
  };
}

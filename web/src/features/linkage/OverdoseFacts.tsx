import type { OverdoseRecordView } from '../../shared/api-responses';
import { label } from '../../shared/series';

/** How a source joined its overdose, in words. */
export function linkText(link: OverdoseRecordView['sources'][number]['link']): string {
  switch (link.kind) {
    case 'first':
      return 'first report';
    case 'automatic':
      return `linked automatically${link.score === null ? '' : ` (score ${link.score.toFixed(2)})`}`;
    case 'confirmed':
      return `review confirmed${link.decided_by ? ` by ${link.decided_by}` : ''}`;
    case 'split':
      return `split off${link.decided_by ? ` by ${link.decided_by}` : ''}`;
  }
}

/** The de-identified facts of an overdose as a definition list (the record view and the review pairs). */
export function OverdoseFacts({ overdose }: { overdose: OverdoseRecordView }) {
  const facts: [string, string][] = [
    ['When', overdose.time_known ? new Date(overdose.occurred_at).toLocaleString() : overdose.occurred_date],
    ['Outcome', overdose.fatal === null ? 'unknown' : overdose.fatal ? 'fatal' : 'nonfatal'],
    ['Age', overdose.age === null ? (overdose.age_band ?? '') : String(overdose.age)],
    ['Sex', overdose.sex ? label(overdose.sex) : ''],
    ['Substances', overdose.substances.map(label).join(', ')],
    [
      'Naloxone',
      overdose.naloxone_given === null
        ? ''
        : overdose.naloxone_given
          ? `yes${overdose.naloxone_doses ? ` (${overdose.naloxone_doses})` : ''}`
          : 'no',
    ],
    [
      'Location',
      overdose.latitude !== null ? `${overdose.latitude.toFixed(4)}, ${overdose.longitude?.toFixed(4)}` : '',
    ],
    ['Sources', overdose.sources.map((s) => `${s.organization_name ?? label(s.source_type)}`).join(', ')],
  ];
  return (
    <dl className="facts">
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt className="fact-name">{name}</dt>
          <dd className="fact-value">{value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

import type { AnnouncementPreview } from './announcement-choices';

type Content = AnnouncementPreview['content'];

/** How a readability score reads: a grade for Flesch-Kincaid, an ease for Fernández-Huerta. */
function levelText(r: Content['readability']): string {
  return r.formula === 'flesch_kincaid_grade'
    ? `Flesch-Kincaid grade ${r.score.toFixed(1)}`
    : `Fernández-Huerta ease ${r.score.toFixed(1)} (higher is easier)`;
}

/** The announcement as it will print, its reading level, and its short text. */
export function AnnouncementPreviewCard({ content, asOfWeek }: { content: Content; asOfWeek: string }) {
  const r = content.readability;
  return (
    <div className="announcement-preview">
      <p className={r.within_band ? 'reading-level' : 'reading-level notice'}>
        Reading level: {levelText(r)}. Aim: {r.band_label}, {r.band_min} to {r.band_max}.
        {!r.within_band &&
          ' Your message takes the text outside this level: shorter sentences and words help.'}
      </p>
      <article lang={content.language} aria-label="Announcement preview" className="announcement-sheet">
        <h3>{content.title}</h3>
        <h4>{content.figures_heading}</h4>
        <ul className="announcement-figures">
          {content.figures.map((f) => (
            <li key={f.label}>
              <strong>{f.value}</strong> {f.label}
            </li>
          ))}
        </ul>
        <p className="muted">{content.figures_note}</p>
        {content.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        {content.message && (
          <>
            <h4>{content.message_heading}</h4>
            <p className="announcement-message">{content.message}</p>
          </>
        )}
        <h4>{content.help_heading}</h4>
        <ul className="announcement-links">
          {content.links.map((l) => (
            <li key={`${l.kind}/${l.service_id ?? l.name}`}>
              <strong>{l.label}</strong>
              {l.kind === 'crisis_line' ? '' : ` ${l.name}`}
              {l.detail ? `: ${l.detail}` : ''}
              {l.url ? ` ${l.url}` : ''}
            </li>
          ))}
        </ul>
      </article>
      <h3>Short text</h3>
      <p lang={content.language} className="announcement-short">
        {content.short_text}
      </p>
      <p className="muted">
        {content.short_text.length} of 280 characters. Figures as of the week {asOfWeek}.
      </p>
    </div>
  );
}

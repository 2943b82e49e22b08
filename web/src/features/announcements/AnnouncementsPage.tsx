import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { AnnouncementArchive } from './AnnouncementArchive';
import { AnnouncementDownloads } from './AnnouncementDownloads';
import { AnnouncementPreviewCard } from './AnnouncementPreviewCard';
import { type Announcement, type AnnouncementPreview, AUDIENCES, LEVELS } from './announcement-choices';

type Audience = (typeof AUDIENCES)[number][0];
type Level = (typeof LEVELS)[number][0];

/** What the builder sends. */
interface Choices {
  audience: Audience;
  language: string;
  level: Level;
  area_id: string | null;
  message: string;
  signed_by: string;
  /** null: the links chosen for the area. */
  link_service_ids: string[] | null;
}

function requestBody(choices: Choices) {
  return JSON.stringify({
    audience: choices.audience,
    language: choices.language,
    level: choices.level,
    area_id: choices.area_id,
    message: choices.message.trim() || null,
    signed_by: choices.signed_by.trim() || null,
    ...(choices.link_service_ids ? { link_service_ids: choices.link_service_ids } : {}),
  });
}

/**
 * The announcement builder: current public figures and a message turned into an announcement for a
 * precinct's community group, a school or a youth program, previewed as it is written, then made
 * (archived) and downloaded as a PDF, an image for social media, or a short text.
 */
export function AnnouncementsPage(_props: { me: Me }) {
  const [choices, setChoices] = useState<Choices>({
    audience: 'community_group',
    language: 'en',
    level: 'easy',
    area_id: null,
    message: '',
    signed_by: '',
    link_service_ids: null,
  });
  const [preview, setPreview] = useState<AnnouncementPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [made, setMade] = useState<Announcement | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [archiveVersion, setArchiveVersion] = useState(0);

  // The preview follows the form, a moment after the last keystroke.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api<AnnouncementPreview>('/api/v1/announcements/preview', {
        method: 'POST',
        body: requestBody(choices),
      })
        .then((answer) => {
          if (!current) return;
          setPreview(answer);
          setPreviewError(null);
        })
        .catch((e: unknown) => current && setPreviewError(e instanceof Error ? e.message : String(e)));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [choices]);

  const change = (patch: Partial<Choices>) => {
    setMade(null);
    setChoices((c) => ({ ...c, ...patch }));
  };
  const chosen = choices.link_service_ids ?? preview?.chosen_service_ids ?? [];
  const toggleLink = (serviceId: string, on: boolean) =>
    change({ link_service_ids: on ? [...chosen, serviceId] : chosen.filter((id) => id !== serviceId) });

  const make = async () => {
    setStatus(null);
    try {
      const answer = await api<Announcement>('/api/v1/announcements', {
        method: 'POST',
        body: requestBody(choices),
      });
      setMade(answer);
      setArchiveVersion((v) => v + 1);
      setStatus({ text: `Announcement made for the week ${answer.as_of_week} and archived.`, error: false });
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };

  return (
    <section className="announcements">
      <h1>Announcements</h1>
      <p className="muted">
        Current public figures and your message, written for a precinct's community group, a school or a youth
        program. Small numbers are worded "fewer than 10", as on the public dashboard.
      </p>
      <div className="announcement-builder">
        <form
          aria-label="Announcement builder"
          onSubmit={(e) => {
            e.preventDefault();
            void make();
          }}
        >
          <label className="announcement-field">
            Audience
            <select
              value={choices.audience}
              onChange={(e) => change({ audience: e.target.value as Audience })}
            >
              {AUDIENCES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="announcement-field">
            Area
            <select
              value={choices.area_id ?? ''}
              onChange={(e) => change({ area_id: e.target.value || null, link_service_ids: null })}
            >
              <option value="">Whole jurisdiction</option>
              {(preview?.areas ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label className="announcement-field">
            Language
            <select value={choices.language} onChange={(e) => change({ language: e.target.value })}>
              {(preview?.languages ?? [{ language: 'en', name: 'English' }]).map((l) => (
                <option key={l.language} value={l.language}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label className="announcement-field">
            Reading level
            <select value={choices.level} onChange={(e) => change({ level: e.target.value as Level })}>
              {LEVELS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="announcement-field">
            Message
            <textarea
              rows={4}
              maxLength={1200}
              value={choices.message}
              onChange={(e) => change({ message: e.target.value })}
            />
          </label>
          <label className="announcement-field">
            From
            <input
              type="text"
              maxLength={120}
              placeholder="Your program or department"
              value={choices.signed_by}
              onChange={(e) => change({ signed_by: e.target.value })}
            />
          </label>
          <fieldset>
            <legend>Links (naloxone and treatment near the area; 988 is always printed)</legend>
            {preview && preview.suggestions.length === 0 && (
              <p className="muted">The resource directory has no naloxone or treatment services yet.</p>
            )}
            {(preview?.suggestions ?? []).map((s) => (
              <label key={`${s.kind}/${s.service_id}`} className="announcement-link">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.service_id)}
                  onChange={(e) => toggleLink(s.service_id, e.target.checked)}
                />{' '}
                {s.kind === 'naloxone' ? 'Naloxone' : 'Treatment'}: {s.name}
                {s.detail ? ` (${s.detail})` : ''}
              </label>
            ))}
          </fieldset>
          <p>
            <button type="submit" disabled={!preview}>
              Make announcement
            </button>
          </p>
          {status && (
            <p role="status" className={status.error ? 'error' : 'muted'}>
              {status.text}
            </p>
          )}
          {made && <MadeAnnouncement announcement={made} />}
        </form>
        <div className="announcement-preview-column">
          <h2>Preview</h2>
          {previewError && <p role="alert">{previewError}</p>}
          {!preview && !previewError && <p className="muted">Loading the public figures…</p>}
          {preview && <AnnouncementPreviewCard content={preview.content} asOfWeek={preview.as_of_week} />}
        </div>
      </div>
      <AnnouncementArchive version={archiveVersion} />
    </section>
  );
}

/** The buttons of an announcement just made: its PDF, its image and its short text. */
function MadeAnnouncement({ announcement }: { announcement: Announcement }) {
  return (
    <section aria-label="Made announcement" className="made-announcement">
      <AnnouncementDownloads announcement={announcement} />
    </section>
  );
}

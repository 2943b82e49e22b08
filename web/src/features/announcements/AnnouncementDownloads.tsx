import { useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { downloadFile } from '../../shared/download';
import type { Announcement } from './announcement-choices';

/** Download PDF, Download image, Copy text: for an announcement of the archive. */
export function AnnouncementDownloads({ announcement }: { announcement: Announcement }) {
  const [note, setNote] = useState<string | null>(null);
  const fail = (e: unknown) =>
    setNote(e instanceof ApiError || e instanceof Error ? e.message : 'The download failed');
  const copy = async () => {
    try {
      const { text } = await api<{ text: string }>(announcement.text_url);
      await navigator.clipboard.writeText(text);
      setNote(`Copied ${text.length} characters.`);
    } catch (e) {
      fail(e);
    }
  };
  return (
    <span className="announcement-downloads">
      <button
        type="button"
        onClick={() => downloadFile(announcement.pdf_url, 'announcement.pdf').catch(fail)}
      >
        Download PDF
      </button>{' '}
      <button
        type="button"
        onClick={() => downloadFile(announcement.png_url, 'announcement.png').catch(fail)}
      >
        Download image
      </button>{' '}
      <button type="button" onClick={() => void copy()}>
        Copy text
      </button>
      {note && (
        <span role="status" className="muted">
          {' '}
          {note}
        </span>
      )}
    </span>
  );
}

import { apiFetch } from './api';

/**
 * Fetches a file from the API and hands it to the browser as a download named as the server names it
 * (Content-Disposition), so that an error comes back as an ApiError the page can answer (a
 * re-authentication) rather than as a downloaded error file.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await apiFetch(path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click was handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

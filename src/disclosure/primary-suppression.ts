/** The public audience's threshold: counts 1..9 are never published. */
export const PUBLIC_K = 10;

/**
 * Primary suppression: a count of 1..k−1 is hidden. Zero is shown: a zero is commonly published
 * (most health departments' tables print 0), it names nobody, and hiding zeros would make every
 * empty area look like a small count. Because zeros are always shown, a reader knows every hidden
 * figure is at least 1, and the auditor assumes so.
 */
export function isPrimarilySuppressed(count: number, k: number): boolean {
  return count >= 1 && count < k;
}

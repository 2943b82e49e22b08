import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads a file from the shared real-data folder; tests run with the repository root as cwd. */
export function readSharedData(...parts: string[]): string {
  return readFileSync(path.resolve(process.cwd(), '..', 'shared', 'data', ...parts), 'utf8');
}

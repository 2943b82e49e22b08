import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One import of a source file: who imports what, both as paths from the repository's root. */
export interface SourceImport {
  from: string;
  to: string;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The TypeScript files under a folder, tests left out (a test may reach into anything it tests). */
export function sourceFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(relative);
    }
  };
  walk(folder);
  return out.sort();
}

/**
 * Every relative import of the source files under the folders, resolved to a path from the root
 * (`.js` written in an import names the `.ts` source). Package imports are left out.
 */
export function readImports(root: string, folders: readonly string[]): SourceImport[] {
  const imports: SourceImport[] = [];
  for (const file of folders.flatMap((folder) => sourceFiles(root, folder))) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (!specifier.startsWith('.')) continue;
      const to = path.posix
        .normalize(path.posix.join(path.posix.dirname(file), specifier))
        .replace(/\.js$/, '.ts');
      imports.push({ from: file, to });
    }
  }
  return imports;
}

/** The module a source file belongs to: `src/<module>/...`, or `main` for the files of `src/` itself. */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0] as string;
  return parts.length === 2 ? 'main' : (parts[1] as string);
}

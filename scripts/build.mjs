// npm run build (and so npm start, before every start): the TypeScript projects with `tsc -b`, then
// the web bundle (build-web.mjs). Loading the compiler alone takes a second or two, so when no
// source file, folder or setting is newer than tsc's last build info, tsc is not even started.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// tsc leaves its build info untouched when it finds nothing to do, so the time of the last check
// that succeeded is kept in a file of our own, dated when that check began.
const stamp = path.join(root, 'dist', '.tsc-checked');
const buildInfos = ['dist/.tsbuildinfo', 'dist/web.tsbuildinfo', 'dist/.tsc-checked'].map((f) =>
  path.join(root, f),
);
// What the two tsconfig files include, and what else changes their output.
const sourceFolders = ['src', 'test', 'bench', 'web/src'];
const sourceFiles = ['tsconfig.json', 'web/tsconfig.json', 'drizzle.config.ts', 'package-lock.json'];

/** The newest modification time under a folder, folders included (a deleted file changes its folder). */
function newestUnder(folder) {
  let newest = statSync(folder).mtimeMs;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function typescriptIsCurrent() {
  if (!buildInfos.every((f) => existsSync(f))) return false;
  const builtAt = statSync(stamp).mtimeMs;
  const newest = Math.max(
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    ...sourceFiles.map((f) => statSync(path.join(root, f)).mtimeMs),
    ...sourceFolders.map((f) => newestUnder(path.join(root, f))),
  );
  return newest < builtAt;
}

if (typescriptIsCurrent()) {
  console.log('tsc: dist is current');
} else {
  const began = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json', 'web/tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, '');
  utimesSync(stamp, began, began);
}
await import('./build-web.mjs');

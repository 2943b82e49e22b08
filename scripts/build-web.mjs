// Bundles the dashboard (web/) into dist/web: one script, one stylesheet and the page that loads them.
// esbuild runs from its JS API, so no install script or downloaded binary is needed beyond npm's.
// A bundle newer than every file that went into it (esbuild's list, kept in dist/web-inputs.json,
// plus this script) is current, and is not made again: `npm start` builds before every start.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
// Beside dist/web, not in it: the server serves that folder.
const inputsFile = path.join(root, 'dist', 'web-inputs.json');
const copies = [
  [path.join(root, 'web', 'index.html'), path.join(out, 'index.html')],
  [path.join(root, 'web', 'favicon.svg'), path.join(out, 'favicon.svg')],
  // MapLibre starts its worker from a separate module that must sit beside the bundle.
  [
    path.join(root, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'),
    path.join(out, 'assets', 'maplibre-gl-worker.mjs'),
  ],
];

/** Whether the last bundle is newer than all its inputs (false when any is missing or unknown). */
function isCurrent() {
  if (!existsSync(inputsFile)) return false;
  const builtAt = statSync(inputsFile).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  const files = [fileURLToPath(import.meta.url), ...inputs.map((f) => path.resolve(root, f))];
  const outputs = [path.join(out, 'assets', 'app.js'), ...copies.map(([, to]) => to)];
  return (
    outputs.every((f) => existsSync(f)) &&
    [...files, ...copies.map(([from]) => from)].every((f) => existsSync(f) && statSync(f).mtimeMs < builtAt)
  );
}

if (isCurrent()) {
  console.log('web: dist/web is current');
} else {
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(root, 'web', 'src', 'main.tsx') },
    outdir: path.join(out, 'assets'),
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    metafile: true,
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  for (const [from, to] of copies) copyFileSync(from, to);
  // Written last: a build that failed half-way leaves no claim to be current.
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
  console.log('web: bundled into dist/web');
}

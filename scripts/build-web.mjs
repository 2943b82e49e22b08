// Bundles the dashboard (web/) into dist/web: one script, one stylesheet and the page that loads them.
// esbuild runs from its JS API, so no install script or downloaded binary is needed beyond npm's.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
mkdirSync(path.join(out, 'assets'), { recursive: true });
await build({
  entryPoints: { app: path.join(root, 'web', 'src', 'main.tsx') },
  outdir: path.join(out, 'assets'),
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'web', 'index.html'), path.join(out, 'index.html'));
copyFileSync(path.join(root, 'web', 'favicon.svg'), path.join(out, 'favicon.svg'));
// MapLibre starts its worker from a separate module that must sit beside the bundle.
copyFileSync(
  path.join(root, 'node_modules', 'maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'),
  path.join(out, 'assets', 'maplibre-gl-worker.mjs'),
);

/**
 * Builds the staff console into `console/dist`: one small ESM bundle (split per
 * screen), govuk-frontend's precompiled CSS with our additions, and index.html.
 * No inline script or style anywhere, so the CSP can forbid both. The API
 * reference is built beside it, into `console/dist/docs` (scripts/api-docs.ts),
 * so that it is served and deployed with the console.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readdirSync, statSync } from 'node:fs';
import { buildApiDocs } from '../scripts/api-docs.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, 'dist');
const GOVUK = join(here, '..', 'node_modules', 'govuk-frontend', 'dist', 'govuk');

/** govuk-frontend's CSS without GDS Transport (GOV.UK only) and with our additions. */
function css(): string {
  const govuk = readFileSync(join(GOVUK, 'govuk-frontend.min.css'), 'utf8')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/"GDS Transport",\s*/g, '')
    .replace(/GDS Transport,\s*/g, '');
  return `${govuk}\n${readFileSync(join(here, 'src', 'styles.css'), 'utf8')}`;
}

const INDEX = `<!DOCTYPE html>
<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
  <meta charset="utf-8">
  <title>Contact strategy</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#1d70b8">
  <meta name="referrer" content="no-referrer">
  <link rel="icon" href="favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="app.css">
  <link rel="modulepreload" href="app.js">
  <script type="module" src="app.js"></script>
</head>
<body class="govuk-template__body">
  <div id="app">
    <main class="govuk-width-container govuk-main-wrapper"><p class="govuk-body">Loading the contact strategy console…</p></main>
  </div>
  <noscript><p class="govuk-body">The console needs JavaScript turned on.</p></noscript>
</body>
</html>
`;

export interface BuildResult {
  files: { file: string; bytes: number; gzip: number }[];
  totalGzip: number;
}

export async function buildConsole(outDir = DIST): Promise<BuildResult> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: join(here, 'tsconfig.json'),
  });
  writeFileSync(join(outDir, 'app.css'), css());
  writeFileSync(join(outDir, 'index.html'), INDEX);
  writeFileSync(join(outDir, 'config.json'), JSON.stringify({ auth: 'local', apiUrl: '' }));
  cpSync(join(GOVUK, 'assets', 'images', 'favicon.svg'), join(outDir, 'favicon.svg'));
  cpSync(join(GOVUK, 'assets', 'images', 'favicon.ico'), join(outDir, 'favicon.ico'));
  await buildApiDocs(join(outDir, 'docs'));
  return sizes(outDir);
}

export function sizes(outDir = DIST): BuildResult {
  const files: BuildResult['files'] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // The API reference is not the console: its figure is its own.
      if (statSync(path).isDirectory()) {
        if (path !== join(outDir, 'docs')) walk(path);
      } else if (/\.(js|css|html)$/.test(name)) {
        const buf = readFileSync(path);
        files.push({ file: path.slice(outDir.length + 1), bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length });
      }
    }
  };
  walk(outDir);
  return { files, totalGzip: files.reduce((a, f) => a + f.gzip, 0) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildConsole();
  for (const f of r.files) console.log(`${f.file.padEnd(40)} ${String(f.bytes).padStart(8)} B  ${String(f.gzip).padStart(7)} B gzip`);
  console.log(`total gzip ${(r.totalGzip / 1024).toFixed(1)} KiB`);
  console.log(`API reference (docs/) gzip ${(sizes(join(DIST, 'docs')).totalGzip / 1024).toFixed(1)} KiB`);
}

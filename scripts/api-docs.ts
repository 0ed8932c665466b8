/**
 * The API reference served at /docs. Redocly CLI's `build-docs` renders openapi.json
 * into one page that loads Redoc from a CDN and hydrates markup pre-rendered with
 * path links (`/cases`, which are API routes here) where the browser uses hash links
 * (`#/cases`). So the page is rebuilt from its parts, to run offline under a CSP
 * with no inline script (docsCsp in console/csp.ts):
 *
 *   index.html           the page: title, an empty container, two script tags
 *   reference.js         build-docs' own script: the API description, the options
 *                        (redocly.yaml) and the call that renders the container
 *   redoc.standalone.js  the renderer, the very build that build-docs pre-renders
 *                        with (shipped inside @redocly/cli), instead of the CDN's
 *
 * `npm run build:console` builds it into console/dist/docs, so that it is served
 * and deployed with the console; `npm run build:docs` rebuilds only the reference.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the reference is served, on the console's origin. */
export const DOCS_PATH = '/docs';
/** The reference's own files; any other path under /docs is its one page. */
export const DOCS_FILE = /^\/docs\/[\w.-]+\.(js|css)$/;

/** The one match of `pattern` in build-docs' page, or a failure saying its output changed. */
function only(html: string, pattern: RegExp, what: string): RegExpExecArray {
  const matches = [...html.matchAll(new RegExp(pattern.source, 'g'))];
  if (matches.length !== 1) throw new Error(`redocly build-docs output changed: expected one ${what}, found ${matches.length}. Update scripts/api-docs.ts.`);
  return matches[0]!;
}

export async function buildApiDocs(outDir: string): Promise<void> {
  const cli = dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json'));
  const renderer = join(cli, 'lib', 'chunks', 'redoc.standalone.js');
  const work = mkdtempSync(join(tmpdir(), 'api-docs-'));
  let page: string;
  try {
    execFileSync(process.execPath, [join(cli, 'bin', 'cli.js'), 'build-docs', 'openapi.json', '--output', join(work, 'index.html')], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    page = readFileSync(join(work, 'index.html'), 'utf8');
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString();
    throw stderr ? new Error(`redocly build-docs failed:\n${stderr}`) : err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const cdn = only(page, /<link rel="modulepreload" href="(https:\/\/[^"]+\/redoc\/v([\d.]+)\/bundles\/redoc\.standalone\.js)"/, 'renderer from the CDN');
  const cdnUrl = cdn[1]!;
  const version = cdn[2]!;
  if (!readFileSync(renderer, 'utf8').includes(`Version: ${version}\n`)) throw new Error(`@redocly/cli ships no Redoc ${version}, which build-docs renders with.`);
  const script = only(page, /<script type="module">([\s\S]*?)<\/script>/, 'page script')[1]!;
  if (!script.includes(`from "${cdnUrl}"`) || !script.includes("hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'))")) {
    throw new Error('redocly build-docs output changed: its page script no longer imports hydrate from the CDN and renders #redoc.');
  }
  // Already HTML-escaped by build-docs' template.
  const title = only(page, /<title>([^<]*)<\/title>/, 'title')[1]!;

  // An empty container: hydrate() then renders it afresh, with the hash links the browser uses.
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <link rel="modulepreload" href="${DOCS_PATH}/redoc.standalone.js">
  <script type="module" src="${DOCS_PATH}/reference.js"></script>
</head>
<body>
  <div id="redoc"></div>
  <noscript><p>This reference needs JavaScript turned on. The API description it shows is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</body>
</html>
`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.html'), html);
  writeFileSync(join(outDir, 'reference.js'), script.replace(cdnUrl, `${DOCS_PATH}/redoc.standalone.js`));
  cpSync(renderer, join(outDir, 'redoc.standalone.js'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = join(ROOT, 'console', 'dist', 'docs');
  await buildApiDocs(outDir);
  console.log(`wrote the API reference to ${outDir}`);
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_FILE, DOCS_PATH } from '../scripts/api-docs.js';
import { consoleCsp, docsCsp } from '../console/csp.js';
import { office } from '../lib/config.js';
import type { LocalResponse } from './server.js';

/**
 * Serves the built staff console at `/`, and its API reference at `/docs`, as
 * CloudFront serves them in AWS: the same
 * strict Content-Security-Policy (console/csp.ts, which infra/constructs/console.ts
 * reads too) and security headers (CloudFront's response-headers policy there).
 * The console (with the reference) is built on first request when `console/dist` is missing.
 */
const DIST = fileURLToPath(new URL('../console/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The file in console/dist behind a URL of the reference, or undefined for any other URL. */
export function docsFile(path: string): string | undefined {
  if (path !== DOCS_PATH && !path.startsWith(`${DOCS_PATH}/`)) return undefined;
  return DOCS_FILE.test(path) ? path.slice(1) : `${DOCS_PATH.slice(1)}/index.html`;
}

export function consoleSecurityHeaders(connectSrc: string[] = [], csp = consoleCsp(connectSrc)): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

let building: Promise<unknown> | undefined;
async function ensureBuilt(): Promise<void> {
  if (existsSync(join(DIST, 'index.html')) && existsSync(join(DIST, 'docs', 'index.html'))) return;
  building ??= import('../console/build.js').then((m) => m.buildConsole());
  await building;
}

export async function consoleFiles(path: string): Promise<LocalResponse | undefined> {
  await ensureBuilt();
  const docs = docsFile(path);
  const rel = path === '/' || path === '/index.html' ? 'index.html' : (docs ?? decodeURIComponent(path).replace(/^\/+/, ''));
  const file = normalize(join(DIST, rel));
  if (!file.startsWith(DIST) || file.split(sep).includes('..')) return undefined;
  if (rel === 'config.json') {
    // The build's config.json, plus the office from this stack's settings (ORG_NAME, POLICE_FORCE_NAME).
    const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const { name, policeForce } = office();
    const body = JSON.stringify({ ...built, orgName: name, policeForceName: policeForce });
    return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...consoleSecurityHeaders() }, raw: Buffer.from(body) };
  }
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const ext = extname(file);
  const type = TYPES[ext];
  if (!type) return undefined;
  // Split chunks carry a content hash in their name; everything else is revalidated.
  const immutable = rel.startsWith('chunks/');
  // Local http: the upgrade directive would break plain-http loopback in some browsers.
  const headers = docs ? consoleSecurityHeaders([], docsCsp()) : consoleSecurityHeaders();
  headers['content-security-policy'] = headers['content-security-policy']!.replace('; upgrade-insecure-requests', '');
  return {
    status: 200,
    headers: { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...headers },
    raw: readFileSync(file),
  };
}

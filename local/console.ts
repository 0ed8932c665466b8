import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalResponse } from './server.js';

/**
 * Serves the built staff console at `/`, as CloudFront serves it in AWS: the same
 * strict Content-Security-Policy and security headers (see
 * infra/constructs/console.ts, which builds its headers from `consoleSecurityHeaders`).
 * The console is built on first request when `console/dist` is missing.
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

/**
 * The console's CSP: nothing inline, nothing from elsewhere; scripts may not write
 * HTML into the page (Trusted Types with no policy: the console builds DOM nodes).
 * `connectSrc` adds the API's origin when it is not the console's own.
 */
export function consoleCsp(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${connectSrc.length ? ` ${connectSrc.join(' ')}` : ''}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

export function consoleSecurityHeaders(connectSrc: string[] = []): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(connectSrc),
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
  if (existsSync(join(DIST, 'index.html'))) return;
  building ??= import('../console/build.js').then((m) => m.buildConsole());
  await building;
}

export async function consoleFiles(path: string): Promise<LocalResponse | undefined> {
  await ensureBuilt();
  const rel = path === '/' || path === '/index.html' ? 'index.html' : decodeURIComponent(path).replace(/^\/+/, '');
  const file = normalize(join(DIST, rel));
  if (!file.startsWith(DIST) || file.split(sep).includes('..')) return undefined;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const ext = extname(file);
  const type = TYPES[ext];
  if (!type) return undefined;
  // Split chunks carry a content hash in their name; everything else is revalidated.
  const immutable = rel.startsWith('chunks/');
  // Local http: the upgrade directive would break plain-http loopback in some browsers.
  const headers = consoleSecurityHeaders();
  headers['content-security-policy'] = headers['content-security-policy']!.replace('; upgrade-insecure-requests', '');
  return {
    status: 200,
    headers: { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...headers },
    raw: readFileSync(file),
  };
}

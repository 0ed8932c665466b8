/**
 * The Content-Security-Policies of the staff console and of its API reference (/docs),
 * in one place: the local stack (local/console.ts) and CDK's CloudFront response-headers
 * policy (infra/constructs/console.ts) both read them, so the two differ only where local/console.ts says so (no
 * upgrade-insecure-requests on plain-http loopback). Plain
 * strings, no imports: neither side pulls the other in (.dependency-cruiser.mjs,
 * infra-not-local).
 */

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

/**
 * The API reference's CSP (/docs, scripts/api-docs.ts): scripts only from this
 * origin, as for the console, but two things the console forbids. Inline styles:
 * Redoc styles itself at run time (styled-components). No Trusted Types: it writes
 * the descriptions' markdown as HTML. It shows only the committed API description:
 * no personal data, no token, nothing typed in.
 */
export function docsCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * Signing in. Deployed, the console uses Cognito managed login with the
 * authorization code flow and PKCE (no client secret in the browser); locally it
 * has a clearly marked sign-in that picks a role and asks the local stack for a
 * token (`POST /local/token`). Either way the ID token is kept in sessionStorage
 * only, so it goes when the tab closes.
 */
import { ROLE_NAMES, ROLES, type Role } from '../../lib/domain/staff.js';

export { ROLE_NAMES, ROLES, type Role };

export interface ConsoleConfig {
  /** `local`: the local stack's sign-in; `cognito`: managed login. */
  auth: 'local' | 'cognito';
  apiUrl: string;
  /** The office (setting ORG_NAME) and its police force (POLICE_FORCE_NAME), named in the console. */
  orgName?: string;
  policeForceName?: string;
  cognito?: { domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

export interface Session {
  token: string;
  sub: string;
  name: string;
  email: string;
  roles: Role[];
  exp: number;
}

const KEY = 'contact-strategy.session';

function decode(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** The session from an ID token. Roles only shape the screens: the API enforces them. */
export function sessionFromToken(token: string): Session {
  const c = decode(token);
  const groups = Array.isArray(c['cognito:groups']) ? (c['cognito:groups'] as string[]) : [];
  return {
    token,
    sub: String(c.sub ?? ''),
    name: String(c.name ?? c.sub ?? ''),
    email: String(c.email ?? ''),
    roles: groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g)),
    exp: Number(c.exp ?? 0),
  };
}

let current: Session | undefined;

export function session(): Session | undefined {
  if (!current) {
    const raw = sessionStorage.getItem(KEY);
    if (raw) current = sessionFromToken(raw);
  }
  if (current && current.exp * 1000 < Date.now()) signOutLocally();
  return current;
}

export function setSession(token: string): Session {
  sessionStorage.setItem(KEY, token);
  current = sessionFromToken(token);
  return current;
}

export function signOutLocally(): void {
  sessionStorage.removeItem(KEY);
  current = undefined;
}

export const hasRole = (...roles: Role[]) => (session()?.roles ?? []).some((r) => roles.includes(r));
/** Everyone but the auditor may record (docs/architecture.md, Roles). */
export const mayRecord = () => hasRole('caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance');
export const mayDecide = () => hasRole('statutory-operations-manager');

/** Local stack only. */
export async function localSignIn(apiUrl: string, who: { sub: string; name: string; email: string; groups: Role[] }): Promise<Session> {
  const res = await fetch(`${apiUrl}/local/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (!res.ok) throw new Error(`Local sign-in failed (${res.status})`);
  const { token } = (await res.json()) as { token: string };
  return setSession(token);
}

// ---- Cognito managed login: authorization code + PKCE --------------------------

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function startManagedLogin(cfg: NonNullable<ConsoleConfig['cognito']>): Promise<void> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('contact-strategy.pkce', JSON.stringify({ verifier, state, back: location.hash }));
  const url = new URL('/oauth2/authorize', cfg.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  location.assign(url.toString());
}

/** On return from managed login: checks `state`, swaps the code for tokens. */
export async function completeManagedLogin(cfg: NonNullable<ConsoleConfig['cognito']>): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const saved = JSON.parse(sessionStorage.getItem('contact-strategy.pkce') ?? '{}') as { verifier?: string; state?: string; back?: string };
  sessionStorage.removeItem('contact-strategy.pkce');
  history.replaceState(null, '', location.pathname);
  if (!saved.verifier || saved.state !== params.get('state')) throw new Error('The sign-in could not be completed. Please sign in again.');
  const res = await fetch(new URL('/oauth2/token', cfg.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cfg.clientId, code, redirect_uri: cfg.redirectUri, code_verifier: saved.verifier }),
  });
  if (!res.ok) throw new Error('The sign-in could not be completed. Please sign in again.');
  const { id_token } = (await res.json()) as { id_token: string };
  setSession(id_token);
  return saved.back || '#/desk';
}

export function managedLogoutUrl(cfg: NonNullable<ConsoleConfig['cognito']>): string {
  const url = new URL('/logout', cfg.domain);
  url.search = new URLSearchParams({ client_id: cfg.clientId, logout_uri: cfg.logoutUri }).toString();
  return url.toString();
}

import { session } from './auth.js';

/** RFC 9457 problem, as the API answers every error. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

let apiBase = '';
export function setApiBase(base: string): void {
  apiBase = base.replace(/\/$/, '');
}

export interface RequestOptions {
  body?: unknown;
  ifMatch?: number;
  /** Creating POSTs send one so that a double submit or a retry writes once. */
  idempotencyKey?: string;
}

/** Calls the API with the signed-in member of staff's token. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`${apiBase}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch {
    throw new ApiError({ status: 0, title: 'The service could not be reached', detail: 'Check your connection and try again.', errors: [] });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const p = (parsed ?? {}) as Partial<Problem>;
    if (res.status === 401) window.dispatchEvent(new Event('console:signed-out'));
    throw new ApiError({ status: res.status, title: p.title ?? res.statusText, detail: p.detail, errors: Array.isArray(p.errors) ? p.errors : [] });
  }
  return parsed as T;
}

/**
 * A binary answer (a posted letter's PDF) fetched with the bearer token, as a Blob:
 * the browser cannot send the token on a plain link, so the console fetches it and
 * hands the file over as a blob URL.
 */
export async function getBlob(path: string): Promise<Blob> {
  const headers: Record<string, string> = {};
  const token = session()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${apiBase}${path}`, { headers });
  } catch {
    throw new ApiError({ status: 0, title: 'The service could not be reached', detail: 'Check your connection and try again.', errors: [] });
  }
  if (!res.ok) {
    const p = ((await res.json().catch(() => ({}))) ?? {}) as Partial<Problem>;
    if (res.status === 401) window.dispatchEvent(new Event('console:signed-out'));
    throw new ApiError({ status: res.status, title: p.title ?? res.statusText, detail: p.detail, errors: Array.isArray(p.errors) ? p.errors : [] });
  }
  return res.blob();
}

/** Hands a file to the browser as a download (a blob URL on a temporary link, released afterwards). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown, idempotencyKey?: string) => request<T>('POST', path, { body, idempotencyKey });
export const patch = <T>(path: string, body: unknown, ifMatch: number) => request<T>('PATCH', path, { body, ifMatch });
export const del = <T>(path: string) => request<T>('DELETE', path);

/** Every page of a list (the lists the console shows are small). */
export async function getAll<T>(path: string, maxPages = 10): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get<Page<T>>(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export const q = encodeURIComponent;
export const newKey = () => crypto.randomUUID();

import { ukDateOf } from './domain/calendar.js';

/**
 * The one clock every module reads. In AWS it is the system clock; the local stack
 * can move it (`POST /local/clock`) and it keeps ticking from there, so demos and
 * tests can walk a strategy through its review dates.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowIso(): string {
  return now().toISOString();
}

/** Local stack only: make `now()` return `at` from this moment on. */
export function setClock(at: Date): void {
  offsetMs = at.getTime() - Date.now();
}

/** Today in UK local time (Europe/London), as the contract requires. */
export function ukToday(): string {
  return ukDateOf(now());
}

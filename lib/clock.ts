import { ukDateOf } from './domain/calendar.js';
import { clock } from './wiring.js';

/**
 * The one clock every module reads: the installed Clock (lib/wiring.ts). In AWS it
 * is the system clock; the local stack installs one it can move, so demos and
 * tests can walk a strategy through its review dates.
 */
export function now(): Date {
  return clock().now();
}

export function nowIso(): string {
  return now().toISOString();
}

/** Today in UK local time (Europe/London): every calendar date the API takes or gives is a UK date (docs/architecture.md, HTTP conventions). */
export function ukToday(): string {
  return ukDateOf(now());
}

import type { Clock } from '../../lib/ports/clock.js';

/** A clock the local stack can move (`POST /local/clock`); it keeps ticking from where it was set. */
export interface MovableClock extends Clock {
  /** Makes `now()` return `at` from this moment on. */
  set(at: Date): void;
}

export function movableClock(): MovableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    set(at) {
      offsetMs = at.getTime() - Date.now();
    },
  };
}

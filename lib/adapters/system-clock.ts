import type { Clock } from '../ports/clock.js';

/** The system clock (AWS). */
export const systemClock: Clock = { now: () => new Date() };

import { stateWords } from './words.js';

/**
 * Copying a strategy into a new draft (`POST /strategies/{id}/copy`): only
 * one that is not in force and will not be, so that staff can start again from it.
 */
export const COPYABLE_STATUSES = ['REJECTED', 'ENDED', 'NOT_NOTIFIED'] as const;

/** Which strategies may be copied, in words: a refused copy's 409 says so. */
export const COPYABLE_IN_WORDS = `Only a strategy whose status is ${COPYABLE_STATUSES.map((s) => `“${stateWords('strategy', s)}”`)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1')} can be copied.`;

export function mayCopy(status: string): boolean {
  return (COPYABLE_STATUSES as readonly string[]).includes(status);
}

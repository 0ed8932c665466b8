/**
 * Copying a strategy into a new draft (`POST /strategies/{id}/copy`): only
 * one that is not in force and will not be, so that staff can start again from it.
 */
export const COPYABLE_STATUSES = ['REJECTED', 'ENDED', 'NOT_NOTIFIED'] as const;

export function mayCopy(status: string): boolean {
  return (COPYABLE_STATUSES as readonly string[]).includes(status);
}

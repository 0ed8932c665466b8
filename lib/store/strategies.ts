import type { Page } from './db.js';

/** Placeholder until the strategies issue lands: a person's strategies, newest first. */
export async function listStrategiesOfServiceUser(_serviceUserId: string, _limit: number, _cursor?: string): Promise<Page<unknown>> {
  return { items: [] };
}

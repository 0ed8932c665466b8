import type { LocalRoute } from './server.js';

/**
 * The local stand-ins for AWS services the handlers call (the state machine, the
 * post queue, the post-pack bucket) and the local-only routes that expose them.
 */
export interface LocalServices {
  routes: Record<string, LocalRoute>;
  afterStart?: () => Promise<void>;
  stop?: () => Promise<void>;
}

export async function localServices(_opts: { dataDir: string }): Promise<LocalServices> {
  return { routes: {} };
}

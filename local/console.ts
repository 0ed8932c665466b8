import type { LocalResponse } from './server.js';

/** Serves the built staff console at `/` (filled in by the console issue). */
export async function consoleFiles(_path: string): Promise<LocalResponse | undefined> {
  return undefined;
}

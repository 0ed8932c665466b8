/** Wording the restriction specs, screening and the letter share. */

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export function list(items: readonly string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Screening's words for a channel ("contact by … is not accepted"). */
export const CHANNEL_WORDS = {
  PHONE: 'telephone',
  EMAIL: 'email',
  POST: 'post',
  VISIT: 'visits in person',
  ONLINE: 'online forms',
} as const;

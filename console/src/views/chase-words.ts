/**
 * When the daily chasers said that something still waits (an incident in a queue,
 * an appeal undecided, a breach awaiting legal advice), in words for its card.
 */
import { formatDateTime } from '../labels.js';
import type { Appeal } from '../types.js';

/** What a chaser leaves on an undecided appeal or breach: when its mailboxes were reminded and when it went to the Statutory Operations Manager. */
export type Chased = Pick<Appeal, 'chasedAt' | 'escalatedToSomAt'>;

/** The summary-list row, or none while nothing has been chased. */
export function chaseRows(x: Chased): [string, string][] {
  if (!x.chasedAt && !x.escalatedToSomAt) return [];
  const said = [
    ...(x.chasedAt ? [`Reminder sent ${formatDateTime(x.chasedAt)}`] : []),
    ...(x.escalatedToSomAt ? [`brought to the Statutory Operations Manager ${formatDateTime(x.escalatedToSomAt)}`] : []),
  ].join('; ');
  return [['Still waiting', `${said.charAt(0).toUpperCase()}${said.slice(1)}.`]];
}

import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import type { TimelineKind } from '../domain/timeline-kinds.js';
import { TIMELINE_KEYS, type Stored } from './table.js';
import type { Write } from './write.js';

/**
 * The case timeline: append-only entries in the case's partition, written inside
 * the transaction of whatever they record (reads are in cases.ts). This module
 * imports nothing from db.ts, so db.ts can still offer these under their old path.
 */

/** A timeline entry for a case: append-only, never updated or deleted. */
export interface TimelineEntry {
  at: string;
  actor: Actor;
  /** Typed from TIMELINE_KINDS, so that the subject-access export classifies every kind. */
  kind: TimelineKind;
  summary: string;
  ref?: Record<string, string>;
}

export type TimelineItem = Stored<TimelineEntry & { caseId: string }>;

/** The system itself, as a timeline actor (scheduled reviews, deliveries). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Contact strategy service' };

export function timelineWrite(caseId: string, entry: TimelineEntry): Write {
  const item: TimelineItem = { ...TIMELINE_KEYS.entry(caseId, entry.at, ulid()), entity: 'TimelineEntry', caseId, ...entry };
  return { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** An entry as the API lists it (`ref` always present). */
export const toTimelineEntry = (i: TimelineItem): Required<TimelineEntry> => ({ at: i.at, actor: i.actor, kind: i.kind, summary: i.summary, ref: i.ref ?? {} });

import { ulid } from 'ulid';
import type { Actor } from '../domain/staff.js';
import type { TimelineKind } from '../domain/timeline-kinds.js';
import { timelineWords, type EntryFields, type TimelineFields } from '../domain/timeline-words.js';
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
  /** The sentence timeline-words.ts makes of `fields`, stored for the export, the audit CSV and readers of entries without fields. */
  summary: string;
  /** What happened, as structured data (statuses, codes, dates, names, staff's notes): the console words it with the same table. Absent on entries written before fields. */
  fields?: EntryFields;
  ref?: Record<string, string>;
}

/** A timeline entry to write: its kind and that kind's fields; the summary is always the table's sentence for them. */
export interface TimelineDraft<K extends TimelineKind> {
  at: string;
  actor: Actor;
  kind: K;
  fields: TimelineFields[K];
  ref?: Record<string, string>;
}

export type TimelineItem = Stored<TimelineEntry & { caseId: string }>;

/** The system itself, as a timeline actor (scheduled reviews, deliveries). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Contact strategy service' };

export function timelineWrite<K extends TimelineKind>(caseId: string, draft: TimelineDraft<K>): Write {
  const entry: TimelineEntry = { ...draft, fields: draft.fields as EntryFields, summary: timelineWords(draft.kind, draft.fields) };
  const item: TimelineItem = { ...TIMELINE_KEYS.entry(caseId, entry.at, ulid()), entity: 'TimelineEntry', caseId, ...entry };
  return { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** An entry as the API lists it (`ref` always present; `fields` when it was written with them). */
export const toTimelineEntry = (i: TimelineItem): TimelineEntry & { ref: Record<string, string> } => ({ at: i.at, actor: i.actor, kind: i.kind, summary: i.summary, ...(i.fields ? { fields: i.fields } : {}), ref: i.ref ?? {} });

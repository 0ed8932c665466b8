/**
 * Timeline and history entries in words: each worded from its `fields` by the
 * server's own table (lib/domain/timeline-words.ts), so the console says exactly
 * what the record, the export and the audit CSV say. An entry written before
 * entries carried fields keeps the summary it was written with.
 */
import { historyWords, TIMELINE_WORDS, timelineWords } from '../../lib/domain/timeline-words.js';
import type { TimelineKind } from '../../lib/domain/timeline-kinds.js';

export function timelineEntryWords(e: { kind?: string; summary?: string; fields?: object }): string {
  if (e.fields && e.kind && e.kind in TIMELINE_WORDS) return timelineWords(e.kind as TimelineKind, e.fields);
  return e.summary ?? '';
}

export function historyEntryWords(e: { event?: string; summary?: string; fields?: object }): string {
  return (e.fields && e.event ? historyWords(e.event, e.fields) : undefined) ?? e.summary ?? '';
}

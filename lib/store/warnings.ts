import type { Actor } from '../domain/staff.js';
import type { BehaviourCode } from '../domain/behaviours.js';
import { getItem, inPartition, queryPage, type Page, type Write } from './db.js';
import { KEY, stripKeys, WARNING_KEYS, type Stored } from './table.js';
import { timelineWrite } from './timeline.js';

/**
 * Warnings in the table: one item per warning in its own partition (`WARNING#<id>`),
 * where its letters are kept too (lib/store/letters.ts), and found among the
 * person's warnings through GSI1 (`SU#<suid>#WARNING`), in the order sent.
 */
export interface Warning {
  id: string;
  serviceUserId: string;
  caseIds: string[];
  /** The policy's codes (section 1.2), named in its words in the letter. */
  behaviours: BehaviourCode[];
  incidentIds: string[];
  explanation: string;
  sentAt: string;
  sentBy: Actor;
}

type WarningItem = Stored<Warning>;

const toWarning = (item: WarningItem): Warning => stripKeys(item);

/** The warning, and a WARNING_SENT entry on each of its cases, for one transaction. */
export function newWarningWrites(w: Warning): Write[] {
  const item: WarningItem = { ...KEY.warning(w.id), ...WARNING_KEYS.indexKeys(w), entity: 'Warning', ...w };
  return [
    { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...w.caseIds.map((caseId) => timelineWrite(caseId, { at: w.sentAt, actor: w.sentBy, kind: 'WARNING_SENT', fields: { sentBy: w.sentBy.name, behaviours: [...w.behaviours] }, ref: { warningId: w.id } })),
  ];
}

export async function getWarning(id: string): Promise<Warning | undefined> {
  const item = await getItem<WarningItem>(KEY.warning(id));
  return item ? toWarning(item) : undefined;
}

/** A person's warnings, newest first, a page at a time. */
export async function listWarningsOfServiceUser(serviceUserId: string, limit: number, cursor?: string): Promise<Page<Warning>> {
  return queryPage<Warning, WarningItem>({ ...inPartition(WARNING_KEYS.ofServiceUser(serviceUserId)), ScanIndexForward: false }, limit, cursor, toWarning);
}

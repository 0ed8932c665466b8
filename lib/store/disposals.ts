import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { doc } from '../clients/dynamodb.js';
import type { Actor } from '../domain/staff.js';
import { conflict } from '../errors.js';
import { getItem, inPartition, queryPage, TABLE, type Page, type Write } from './db.js';
import { DISPOSAL_KEYS, INDEX, itemKinds, KEY, KEY_ATTRIBUTES_OF, stripKeys, type IndexName, type Partition, type Stored } from './table.js';

/**
 * Disposals of people's records past their retention: the disposal item, and what
 * is held about a person, found without a list of kinds (`footprintOf`).
 */

export type DisposalStatus = 'PENDING_APPROVAL' | 'REJECTED' | 'APPROVED' | 'DONE';

export interface Disposal {
  id: string;
  status: DisposalStatus;
  /** The people proposed; dropped once the disposal is done (the record then holds no one's data). */
  serviceUserIds?: string[];
  reason: string;
  proposedBy: Actor;
  proposedAt: string;
  decidedBy?: Actor;
  decidedAt?: string;
  decision?: { decision: 'APPROVE' | 'REJECT'; comments: string };
  /** What was deleted, by kind: `people`, `cases`, `contacts`, `letters`, ... */
  counts?: Record<string, number>;
  /** People left out at the moment of deletion (no longer due), and why. */
  skipped?: Array<{ serviceUserId: string; why: string }>;
  completedAt?: string;
  version: number;
}

/** As stored: while approved, the people still to do (a string set) and what was found of each before deleting it. */
type DisposalItem = Stored<Disposal & { remaining?: Set<string>; found?: Record<string, Record<string, number>> }>;

const toDisposal = (i: DisposalItem): Disposal => {
  const { remaining: _remaining, found: _found, ...rest } = stripKeys(i);
  return rest;
};

/** The progress attributes, always by name (some are DynamoDB reserved words). */
const PROGRESS = { '#remaining': 'remaining', '#found': 'found', '#counts': 'counts', '#skipped': 'skipped' } as const;

export function proposeDisposalWrites(serviceUserIds: string[], reason: string, actor: Actor, at: string): { disposal: Disposal; writes: Write[] } {
  const disposal: Disposal = { id: ulid(), status: 'PENDING_APPROVAL', serviceUserIds, reason, proposedBy: actor, proposedAt: at, version: 1 };
  const item: DisposalItem = { ...DISPOSAL_KEYS.item(disposal.id), ...DISPOSAL_KEYS.indexKeys(disposal), entity: 'Disposal', ...disposal };
  return { disposal, writes: [{ name: 'disposal', Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }] };
}

export async function getDisposal(id: string): Promise<Disposal | undefined> {
  const item = await getItem<DisposalItem>(DISPOSAL_KEYS.item(id));
  return item ? toDisposal(item) : undefined;
}

/** The disposal with its progress (the job's view). */
export async function getDisposalProgress(id: string): Promise<{ disposal: Disposal; remaining: string[]; found: Record<string, Record<string, number>> } | undefined> {
  const item = await getItem<DisposalItem>(DISPOSAL_KEYS.item(id));
  return item ? { disposal: toDisposal(item), remaining: [...(item.remaining ?? [])], found: item.found ?? {} } : undefined;
}

/** Every disposal, newest proposed first. */
export async function listDisposals(limit: number, cursor?: string): Promise<Page<Disposal>> {
  return queryPage<Disposal, DisposalItem>({ ...inPartition(DISPOSAL_KEYS.all()), ScanIndexForward: false }, limit, cursor, toDisposal);
}

/** The decision on a pending disposal, under the version read: approved, it holds the people still to do. */
export function decideDisposalWrite(current: Disposal, decision: 'APPROVE' | 'REJECT', comments: string, actor: Actor, at: string): Write {
  const approved = decision === 'APPROVE';
  return {
    name: 'disposal',
    Update: {
      Key: DISPOSAL_KEYS.item(current.id),
      UpdateExpression: `SET #s = :status, decidedBy = :by, decidedAt = :at, #d = :decision, #v = :next${approved ? ', #remaining = :remaining, #found = :empty, #counts = :empty, #skipped = :none' : ''}`,
      ConditionExpression: '#s = :pending AND #v = :current',
      ExpressionAttributeNames: { '#s': 'status', '#v': 'version', '#d': 'decision', ...(approved ? PROGRESS : {}) },
      ExpressionAttributeValues: {
        ':status': approved ? 'APPROVED' : 'REJECTED',
        ':by': actor,
        ':at': at,
        ':decision': { decision, comments },
        ':next': current.version + 1,
        ':current': current.version,
        ':pending': 'PENDING_APPROVAL',
        ...(approved ? { ':remaining': new Set(current.serviceUserIds ?? []), ':empty': {}, ':none': [] } : {}),
      },
    },
    onConditionFailed: () => conflict('The disposal was decided at the same moment; read it again.'),
  };
}

/** Records what was found of a person before any of it is deleted, once: a retry after a crash counts what the first attempt found. */
export function foundWrite(disposalId: string, serviceUserId: string, counts: Record<string, number>): Write {
  return {
    name: 'disposalFound',
    Update: {
      Key: DISPOSAL_KEYS.item(disposalId),
      UpdateExpression: 'SET #found.#p = :counts',
      ConditionExpression: 'contains(#remaining, :p) AND attribute_not_exists(#found.#p)',
      ExpressionAttributeNames: { '#p': serviceUserId, '#found': PROGRESS['#found'], '#remaining': PROGRESS['#remaining'] },
      ExpressionAttributeValues: { ':counts': counts, ':p': serviceUserId },
    },
  };
}

/** A person done: their counts added (or their skip recorded), taken off the people still to do. Once only (the condition). */
export function personDoneWrite(disposalId: string, serviceUserId: string, outcome: { counts: Record<string, number> } | { skipped: string }): Write {
  const names: Record<string, string> = { '#p': serviceUserId, '#found': PROGRESS['#found'], '#remaining': PROGRESS['#remaining'] };
  const values: Record<string, unknown> = { ':p': serviceUserId, ':ps': new Set([serviceUserId]) };
  let set: string;
  if ('counts' in outcome) {
    set = Object.keys(outcome.counts)
      .map((k, i) => {
        names[`#k${i}`] = k;
        values[`:n${i}`] = outcome.counts[k];
        return `#counts.#k${i} = if_not_exists(#counts.#k${i}, :zero) + :n${i}`;
      })
      .join(', ');
    values[':zero'] = 0;
    if (set) names['#counts'] = PROGRESS['#counts'];
  } else {
    set = '#skipped = list_append(#skipped, :skip)';
    names['#skipped'] = PROGRESS['#skipped'];
    values[':skip'] = [{ serviceUserId, why: outcome.skipped }];
  }
  return {
    name: 'disposalPersonDone',
    Update: {
      Key: DISPOSAL_KEYS.item(disposalId),
      UpdateExpression: `${set ? `SET ${set} ` : ''}REMOVE #found.#p DELETE #remaining :ps`,
      ConditionExpression: 'contains(#remaining, :p)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The disposal done once nobody remains (an emptied set is removed): the ids of the people are dropped. */
export function disposalDoneWrite(disposalId: string, at: string): Write {
  return {
    name: 'disposalDone',
    Update: {
      Key: DISPOSAL_KEYS.item(disposalId),
      UpdateExpression: 'SET #s = :done, completedAt = :at, #v = #v + :one REMOVE serviceUserIds, #found',
      ConditionExpression: '#s = :approved AND attribute_not_exists(#remaining)',
      ExpressionAttributeNames: { '#s': 'status', '#v': 'version', '#found': PROGRESS['#found'], '#remaining': PROGRESS['#remaining'] },
      ExpressionAttributeValues: { ':done': 'DONE', ':approved': 'APPROVED', ':at': at, ':one': 1 },
    },
  };
}

// --- what is held about a person ---------------------------------------------

type Item = Record<string, unknown> & { pk: string; sk: string; entity?: string };

/** A partition to read, with a placeholder standing for the id of the record it hangs from. */
interface Template {
  index?: IndexName;
  /** E.g. `SU#<suid>#CASE`. */
  pk: string;
  placeholder: string;
}

const SLOTS = [
  ['TABLE', undefined],
  ['GSI1', INDEX.GSI1],
  ['GSI2', INDEX.GSI2],
  ['GSI3', INDEX.GSI3],
] as const;

/**
 * Read from `itemKinds()`, so a kind added there is found without a change here:
 * the record prefixes whose own partitions hold the record (`CASE`, `STRATEGY`, ...),
 * which placeholder is the id of which record (`<suid>` a person's, `<sid>` a
 * strategy's: the prefix before it in a key such as `STRATEGY#<sid>#BREACH`), and
 * every partition key built from one such id (`SU#<suid>#CASE`, `CPOINT#<suid>`,
 * `CLAIM#<sid>`, `CASE#<cid>#CONTACT`, ...).
 */
export function personKeyTemplates(): { records: Set<string>; byRecord: Map<string, Template[]> } {
  const slots: Array<{ index?: IndexName; pk: string }> = [];
  for (const kind of itemKinds()) {
    for (const v of kind.variants) {
      for (const [slot, index] of SLOTS) {
        const pk = v[KEY_ATTRIBUTES_OF[slot].pk as keyof typeof v];
        if (pk) slots.push({ ...(index ? { index } : {}), pk });
      }
    }
  }
  const records = new Set(slots.filter((s) => !s.index).flatMap((s) => /^([A-Z_]+)#<id>$/.exec(s.pk)?.[1] ?? []));
  const owner = new Map<string, string>();
  for (const s of slots) {
    const m = /^([A-Z_]+)#(<[a-z]+>)#/.exec(s.pk);
    if (m && records.has(m[1]!) && m[2] !== '<id>') owner.set(m[2]!, m[1]!);
  }
  for (const s of slots) {
    const m = /^([A-Z_]+)#(<[a-z]+>)$/.exec(s.pk);
    if (m && !s.index && records.has(m[1]!) && !owner.has(m[2]!) && m[2] !== '<id>') owner.set(m[2]!, m[1]!);
  }
  const byRecord = new Map<string, Template[]>();
  const seen = new Set<string>();
  for (const s of slots) {
    const placeholders = s.pk.match(/<[a-z]+>/g) ?? [];
    if (placeholders.length !== 1) continue;
    const record = owner.get(placeholders[0]!);
    const id = `${s.index ?? 'TABLE'}|${s.pk}`;
    // The record's own partition is read anyway.
    if (!record || seen.has(id) || (!s.index && s.pk === `${record}#${placeholders[0]}`)) continue;
    seen.add(id);
    byRecord.set(record, [...(byRecord.get(record) ?? []), { ...(s.index ? { index: s.index } : {}), pk: s.pk, placeholder: placeholders[0]! }]);
  }
  return { records, byRecord };
}

/** Every item of one partition of the table or an index (keys, entity and a letter's pack key only). */
async function itemsIn(p: Partition): Promise<Item[]> {
  const out: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({ TableName: TABLE, ...inPartition(p), ProjectionExpression: 'pk, sk, entity, packKey', ExclusiveStartKey: start, ...(p.index ? {} : { ConsistentRead: true }) }),
    );
    out.push(...((res.Items ?? []) as Item[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

export interface Footprint {
  /**
   * Every item, in groups to delete one after another: each item in a group before
   * the one it was found through, the profile alone last. Whatever a crash leaves
   * can still be found from what is left.
   */
  levels: Array<Array<{ pk: string; sk: string }>>;
  /** The objects (post packs) the items name. */
  packKeys: string[];
  /** Items by kind, in words: `people`, `cases`, `contacts`, `letters`, ... */
  counts: Record<string, number>;
}

/** What a count calls a kind of item: its entity in the plural, lower camel case (`Case` → `cases`; a person → `people`). */
export function countName(entity: string): string {
  if (entity === 'ServiceUser') return 'people';
  const lower = entity.charAt(0).toLowerCase() + entity.slice(1);
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(lower) ? `${lower}es` : `${lower}s`;
}

/**
 * Everything held about a person: their own partition (the profile, history, access
 * log and anything else kept there), then, breadth first, every partition keyed by
 * the id of a record found (`personKeyTemplates`) and each record's own partition
 * (a case's timeline, a strategy's history and letters, a contact's second read).
 * Only this person's partitions are read, never another person's.
 */
export async function footprintOf(serviceUserId: string): Promise<Footprint> {
  const { records, byRecord } = personKeyTemplates();
  const found = new Map<string, { item: Item; depth: number }>();
  const walked = new Set<string>();
  let frontier: Array<{ record: string; id: string }> = [{ record: 'SU', id: serviceUserId }];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: Array<{ record: string; id: string }> = [];
    for (const { record, id } of frontier) {
      walked.add(`${record}#${id}`);
      const partitions: Partition[] = [{ pk: `${record}#${id}` }, ...(byRecord.get(record) ?? []).map((t) => ({ ...(t.index ? { index: t.index } : {}), pk: t.pk.replace(t.placeholder, id) }))];
      for (const items of await Promise.all(partitions.map(itemsIn))) {
        for (const item of items) {
          const k = `${item.pk}\u0000${item.sk}`;
          if (found.has(k)) continue;
          found.set(k, { item, depth });
          const m = /^([A-Z_]+)#(.+)$/.exec(item.pk);
          // Another person's partition is never walked.
          if (m && records.has(m[1]!) && !(m[1] === 'SU' && m[2] !== serviceUserId) && !walked.has(item.pk) && !next.some((n) => `${n.record}#${n.id}` === item.pk)) {
            next.push({ record: m[1]!, id: m[2]! });
          }
        }
      }
    }
    frontier = next;
  }
  const profile = KEY.serviceUser(serviceUserId);
  const all = [...found.values()];
  const counts: Record<string, number> = {};
  for (const { item } of all) {
    const name = countName(item.entity ?? 'Item');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  const isProfile = (i: Item) => i.pk === profile.pk && i.sk === profile.sk;
  const levels: Array<Array<{ pk: string; sk: string }>> = [];
  for (const { item, depth } of all) if (!isProfile(item)) (levels[depth] ??= []).push({ pk: item.pk, sk: item.sk });
  const ordered = levels.filter((l) => l !== undefined).reverse();
  if (all.some(({ item }) => isProfile(item))) ordered.push([profile]);
  return { levels: ordered, packKeys: [...new Set(all.flatMap(({ item }) => (typeof item.packKey === 'string' ? [item.packKey] : [])))], counts };
}

/** Deletes a footprint's items, group after group, a few at a time within a group. Deleting one already gone is no error. */
export async function deleteFootprint(levels: Footprint['levels']): Promise<void> {
  const AT_ONCE = 10;
  for (const keys of levels) {
    for (let i = 0; i < keys.length; i += AT_ONCE) {
      await Promise.all(keys.slice(i, i + AT_ONCE).map((Key) => doc.send(new DeleteCommand({ TableName: TABLE, Key }))));
    }
  }
}

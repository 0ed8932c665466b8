/**
 * The manager inbox's "Appeals" section: appeals awaiting a decision, oldest first,
 * an overdue one tagged in red, each with the decision form for a Statutory
 * Operations Manager or the Head of Assurance who took no part in the strategy.
 */
import { get, getAll, q } from '../api.js';
import { h } from '../dom.js';
import { h2, p } from '../govuk.js';
import { formatDate } from '../labels.js';
import type { Appeal, Case, Person, Strategy } from '../types.js';
import { appealDecisionForm, appealFacts, appealStatusTag, strategyLink } from './appeal.js';

const card = (title: string, badge: HTMLElement | null, ...body: (Node | null)[]) =>
  h(
    'div',
    { class: 'govuk-summary-card' },
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, title), badge),
    h('div', { class: 'govuk-summary-card__content' }, ...body.filter((x): x is Node => x !== null)),
  );

/** The section's nodes: its heading, then a card per appeal awaiting a decision. */
export async function appealsInbox(back: string): Promise<Node[]> {
  const appeals = await getAll<Appeal>('/appeals?status=RECEIVED').catch(() => [] as Appeal[]);
  const strategies = new Map((await Promise.all([...new Set(appeals.map((a) => a.strategyId))].map((id) => get<Strategy>(`/strategies/${q(id)}`)))).map((s) => [s.id, s]));
  const personIds = [...new Set(appeals.map((a) => a.serviceUserId))];
  const people = new Map((await Promise.all(personIds.map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const casesOf = new Map(await Promise.all(personIds.map(async (id) => [id, await getAll<Case>(`/service-users/${q(id)}/cases`)] as const)));
  const overdue = appeals.filter((a) => a.overdue).length;
  return [
    h2(`Appeals awaiting decision (${appeals.length})`, { id: 'appeals' }),
    appeals.length
      ? p(`Each is decided by a Statutory Operations Manager or the Head of Assurance who took no part in the strategy.${overdue ? ` ${overdue} ${overdue === 1 ? 'is' : 'are'} overdue.` : ''}`)
      : p('None.'),
    ...appeals.map((a) => {
      const s = strategies.get(a.strategyId) as Strategy;
      const name = people.get(a.serviceUserId)?.name ?? 'Unknown person';
      return card(`${name}: appeal received ${formatDate(a.receivedAt)}`, a.overdue ? appealStatusTag(a) : null, appealFacts(a), strategyLink(s), appealDecisionForm(a, s, casesOf.get(a.serviceUserId) ?? [], back));
    }),
  ];
}

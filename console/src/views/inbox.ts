import { get, getAll, q } from '../api.js';
import { mayDecide } from '../auth.js';
import { add, h } from '../dom.js';
import { h2, heading, insetText, link, p, summaryList, tag } from '../govuk.js';
import { addDays, describeRestriction, formatDate, formatDateTime, ukToday } from '../labels.js';
import type { View } from '../shell.js';
import type { Breach, Case, Person, Strategy } from '../types.js';
import { breachDecisionForm, decisionSection, reviewForm } from './strategy.js';
import { appealsInbox } from './inbox-appeals.js';
import { strategyEvidence } from './inbox-evidence.js';
import { potentialBreachesSection } from './inbox-breaches.js';
import { notNotifiedSection } from './inbox-not-notified.js';
import { failedLettersSection } from './inbox-failed-letters.js';
import { breachAttachmentRows } from './inbox-breach-attachments.js';
import { legalAdviceSection } from './inbox-legal-advice.js';

/** Manager inbox: everything awaiting the Statutory Operations Manager's decision. */
const view: View = async ({ main }) => {
  const today = ukToday();
  const [pending, due, breaches] = await Promise.all([
    getAll<Strategy>('/strategies?status=PENDING_APPROVAL'),
    getAll<Strategy>(`/reviews/due?by=${addDays(today, 14)}`).catch(() => [] as Strategy[]),
    getAll<Breach>('/breaches?status=REPORTED').catch(() => [] as Breach[]),
  ]);
  const strategyIds = [...new Set(breaches.map((b) => b.strategyId))];
  const breachStrategies = new Map((await Promise.all(strategyIds.map((id) => get<Strategy>(`/strategies/${q(id)}`)))).map((s) => [s.id, s]));
  const personIds = [...new Set([...pending, ...due, ...breachStrategies.values()].map((s) => s.serviceUserId))];
  const people = new Map((await Promise.all(personIds.map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const casesOf = new Map(await Promise.all(personIds.map(async (id) => [id, await getAll<Case>(`/service-users/${q(id)}/cases`)] as const)));
  const refOf = (pid: string) => (cid: string) => casesOf.get(pid)?.find((c) => c.id === cid)?.reference ?? 'another case';
  const name = (pid: string) => people.get(pid)?.name ?? pid;
  const here = '#/inbox';
  const attached = await breachAttachmentRows(breaches, (b) => (breachStrategies.get(b.strategyId) as Strategy).serviceUserId, (pid) => casesOf.get(pid) ?? []);
  const evidence = new Map(await Promise.all(pending.map(async (s) => [s.id, await strategyEvidence(s, casesOf.get(s.serviceUserId) ?? [])] as const)));

  const card = (title: string, body: (Node | null)[], badge?: HTMLElement) =>
    h('div', { class: 'govuk-summary-card' }, h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, title), badge ?? null), h('div', { class: 'govuk-summary-card__content' }, ...body.filter((x): x is Node => x !== null)));

  add(
    main,
    heading('Manager inbox'),
    mayDecide() ? p('Decisions waiting for you as Statutory Operations Manager. You cannot decide on a strategy you proposed.') : insetText('Only the Statutory Operations Manager decides. You can see what is waiting.'),
    h2(`Strategies awaiting decision (${pending.length})`, { id: 'pending' }),
    pending.length
      ? pending.map((s) =>
          card(`${name(s.serviceUserId)}: proposed ${formatDate(s.createdAt)}`, [
            summaryList([
              ['Proposed by', s.proposedBy?.name ?? ''],
              ['Reason', s.reason ?? ''],
              ['Restrictions', h('ul', { class: 'govuk-list govuk-list--bullet' }, s.restrictions.map((r) => h('li', null, describeRestriction(r, refOf(s.serviceUserId)))))],
              ['Review date', formatDate(s.reviewDate)],
            ]),
            evidence.get(s.id) ?? null,
            p(link(`#/strategies/${q(s.id)}`, 'Read the strategy and its letter')),
            decisionSection(s, here),
          ]),
        )
      : p('None.'),
    h2(`Reviews due and overdue (${due.length})`, { id: 'reviews' }),
    due.length
      ? due.map((s) => {
          const overdue = (s.reviewDate ?? '') < today;
          return card(
            `${name(s.serviceUserId)}: review ${overdue ? 'was due' : 'due'} ${formatDate(s.reviewDate)}`,
            [
              summaryList([['Restrictions', h('ul', { class: 'govuk-list govuk-list--bullet' }, s.restrictions.map((r) => h('li', null, describeRestriction(r, refOf(s.serviceUserId)))))]]),
              p(link(`#/strategies/${q(s.id)}`, 'Read the strategy')),
              mayDecide() ? reviewForm(s, casesOf.get(s.serviceUserId) ?? [], here, people.get(s.serviceUserId)) : null,
            ],
            overdue ? tag('Overdue', 'red') : tag('Due soon', 'yellow'),
          );
        })
      : p('None due in the next 14 days.'),
    h2(`Breaches awaiting decision (${breaches.length})`, { id: 'breaches' }),
    breaches.length
      ? breaches.map((b) => {
          const s = breachStrategies.get(b.strategyId) as Strategy;
          return card(`${name(s.serviceUserId)}: breach on ${formatDateTime(b.occurredAt)}`, [
            summaryList([['What happened', b.description], ...(attached.get(b.id) ?? [])]),
            p(link(`#/strategies/${q(s.id)}`, 'Read the strategy')),
            mayDecide() ? breachDecisionForm(b, s, casesOf.get(s.serviceUserId) ?? [], here, people.get(s.serviceUserId)) : null,
          ]);
        })
      : p('None.'),
    await appealsInbox(here),
  );
  add(main, ...(await legalAdviceSection(here)));
  add(main, ...(await potentialBreachesSection()));
  add(main, ...(await notNotifiedSection(here)));
  add(main, ...(await failedLettersSection()));
  return 'Manager inbox';
};
export default view;

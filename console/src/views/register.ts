import { get, getAll, q } from '../api.js';
import { add, h } from '../dom.js';
import { button, checkboxes, heading, hidden, link, p, select, table, tag, textInput } from '../govuk.js';
import { formatDate, RESTRICTION_TYPES, STRATEGY_STATUS, ukToday } from '../labels.js';
import { go, type View } from '../shell.js';
import type { Person, Strategy } from '../types.js';
import { statusTag } from './person.js';

const STATUSES = Object.keys(STRATEGY_STATUS);

/** The register of contact strategies, by status, with review dates; overdue highlighted. */
const view: View = async ({ main, query }) => {
  const status = query.get('status') ?? '';
  const type = query.get('type') ?? '';
  const name = (query.get('name') ?? '').trim().toLowerCase();
  const overdueOnly = query.get('overdue') === 'yes';
  const today = ukToday();
  const lists = await Promise.all((status ? [status] : STATUSES).map((s) => getAll<Strategy>(`/strategies?status=${s}`)));
  const all = lists.flat();
  const people = new Map((await Promise.all([...new Set(all.map((s) => s.serviceUserId))].map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const isOverdue = (s: Strategy) => (s.status === 'ACTIVE' || s.status === 'REVIEW_DUE') && (s.reviewDate ?? '9') < today;
  const rows = all
    .filter((s) => !type || s.restrictions.some((r) => r.type === type))
    .filter((s) => !name || (people.get(s.serviceUserId)?.name ?? '').toLowerCase().includes(name))
    .filter((s) => !overdueOnly || isOverdue(s))
    .sort((a, b) => (a.reviewDate ?? '').localeCompare(b.reviewDate ?? ''));

  const form = h('form', { class: 'app-filters', id: 'filters', role: 'search', 'aria-label': 'Filter the register' });
  form.append(
    h('div', { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-one-quarter' }, select({ name: 'status', label: 'Status', value: status, options: [{ value: '', text: 'All' }, ...STATUSES.map((s) => ({ value: s, text: STRATEGY_STATUS[s]!.text }))] })),
      h('div', { class: 'govuk-grid-column-one-quarter' }, select({ name: 'type', label: 'Restriction', value: type, options: [{ value: '', text: 'Any' }, ...RESTRICTION_TYPES.map((t) => ({ value: t.type, text: t.title }))] })),
      h('div', { class: 'govuk-grid-column-one-quarter' }, textInput({ name: 'name', label: 'Name contains', value: query.get('name') ?? '', autocomplete: 'off' })),
      h('div', { class: 'govuk-grid-column-one-quarter' }, checkboxes({ name: 'overdue', legend: 'Review', small: true, items: [{ value: 'yes', text: 'Overdue only', checked: overdueOnly }] })),
    ),
    button('Apply filters', { variant: 'secondary', id: 'apply-filters' }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v) params.set(k, v);
    go(`#/register${params.size ? `?${params}` : ''}`);
  });
  const overdueCount = rows.filter(isOverdue).length;
  add(
    main,
    heading('Register of contact strategies'),
    form,
    p(h('span', { role: 'status' }, `${rows.length} ${rows.length === 1 ? 'strategy' : 'strategies'}`, overdueCount ? `, ${overdueCount} overdue for review` : '', '.')),
    rows.length
      ? table({
          caption: 'Strategies, earliest review first',
          captionSize: 's',
          head: ['Person', 'Status', 'Restrictions', 'Review date', 'Proposed by'],
          rows: rows.map((s) => [
            link(`#/strategies/${q(s.id)}`, people.get(s.serviceUserId)?.name ?? s.serviceUserId, hidden(' (view strategy)')),
            statusTag(s.status),
            h('ul', { class: 'govuk-list govuk-body-s' }, s.restrictions.map((r) => h('li', null, RESTRICTION_TYPES.find((t) => t.type === r.type)?.title ?? r.type))),
            isOverdue(s) ? h('span', null, formatDate(s.reviewDate), ' ', tag('Overdue', 'red')) : formatDate(s.reviewDate),
            s.proposedBy?.name ?? '',
          ]),
          rowClass: (i) => (isOverdue(rows[i] as Strategy) ? 'app-overdue' : undefined),
        })
      : p('No strategies match.'),
  );
  return 'Register';
};
export default view;

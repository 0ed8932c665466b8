import { get, getAll, newKey, post, q, type Page } from '../api.js';
import { hasRole, session } from '../auth.js';
import { add, h, str } from '../dom.js';
import { FormError, onSubmit } from '../forms.js';
import { button, checkboxes, h2, heading, insetText, p, radios, summaryList, table, tag, textarea } from '../govuk.js';
import { formatDate, formatDateTime } from '../labels.js';
import { flash, go, type View } from '../shell.js';
import type { Disposal, DuePerson } from '../types.js';

/**
 * Retention and disposal: the people whose records are due, disposals proposed by
 * the Statutory Operations Manager and approved or rejected by a second person (a
 * Statutory Operations Manager or the Head of Assurance), and the record each
 * disposal leaves. The auditor reads it all.
 */

const STATUS: Record<Disposal['status'], { text: string; colour: string }> = {
  PENDING_APPROVAL: { text: 'Waiting for a second person', colour: 'yellow' },
  REJECTED: { text: 'Rejected', colour: 'red' },
  APPROVED: { text: 'Approved: being carried out', colour: 'blue' },
  DONE: { text: 'Done', colour: 'green' },
};

/** A count in words: `timelineEntries` → "3 timeline entries", "1 timeline entry"; `people` → "1 person". */
function counted(name: string, n: number): string {
  const plural = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  if (n !== 1) return `${n} ${plural}`;
  const one = plural === 'people' ? 'person' : plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : /(s|x|ch|sh)es$/.test(plural) ? plural.slice(0, -2) : plural.replace(/s$/, '');
  return `1 ${one}`;
}

const mayPropose = () => hasRole('statutory-operations-manager');
const mayDecideDisposal = () => hasRole('statutory-operations-manager', 'head-of-assurance');

const view: View = async ({ main }) => {
  const [due, disposals] = await Promise.all([
    hasRole('statutory-operations-manager', 'auditor') ? getAll<DuePerson>('/retention/due?limit=100') : Promise.resolve([] as DuePerson[]),
    get<Page<Disposal>>('/disposals?limit=50'),
  ]);
  const me = session()?.sub;
  const pending = disposals.items.filter((d) => d.status === 'PENDING_APPROVAL');

  add(
    main,
    heading('Retention and disposal'),
    p(
      'A person’s records are kept until nothing of theirs is open and their last case concluded, and their last contact strategy ended, six years ago. Then they are due for disposal. One person proposes a disposal and a second person approves it; nobody is disposed of while a legal hold is on them, and everyone is checked again at the moment their records are deleted.',
    ),
    h2('People due for disposal', { id: 'due' }),
    hasRole('statutory-operations-manager', 'auditor') ? (due.length ? dueSection(due) : p('Nobody is due for disposal today.')) : insetText('The Statutory Operations Manager and the auditor see who is due.'),
    h2(`Waiting for a second person (${pending.length})`, { id: 'pending' }),
    pending.length ? pending.map((d, i) => pendingCard(d, i, me)) : p('No disposal is waiting for a decision.'),
    h2('Disposal records', { id: 'records' }),
    disposals.items.length
      ? table({
          caption: 'The most recent disposals, newest first',
          captionSize: 's',
          head: ['Proposed', 'Status', 'Proposed by', 'Decided by', 'What was deleted', 'Left out'],
          rows: disposals.items.map((d) => [
            formatDateTime(d.proposedAt),
            tag(STATUS[d.status].text, STATUS[d.status].colour),
            d.proposedBy.name,
            d.decidedBy ? `${d.decidedBy.name}, ${formatDateTime(d.decidedAt)}` : 'Not yet decided',
            d.counts && Object.keys(d.counts).length
              ? h('ul', { class: 'govuk-list' }, Object.entries(d.counts).map(([k, n]) => h('li', null, counted(k, n))))
              : d.status === 'DONE'
                ? 'Nothing'
                : '',
            d.skipped?.length ? h('ul', { class: 'govuk-list' }, d.skipped.map((s) => h('li', null, `One person: ${s.why}`))) : 'Nobody',
          ]),
        })
      : p('No disposal has been proposed yet.'),
  );
  return 'Retention and disposal';

  function dueSection(people: DuePerson[]): HTMLElement {
    const list = table({
      caption: 'Due for disposal, longest due first',
      captionSize: 's',
      head: ['Name', 'Due since'],
      rows: people.map((x) => [x.name, formatDate(x.dueSince)]),
    });
    if (!mayPropose()) return list;
    const form = h('form', { 'aria-label': 'Propose a disposal' });
    form.append(
      checkboxes({ name: 'serviceUserIds', legend: 'Whose records should be disposed of?', legendSize: 's', items: people.map((x) => ({ value: x.serviceUserId, text: x.name, hint: `Due since ${formatDate(x.dueSince)}` })) }),
      textarea({ name: 'reason', label: 'Why now', hint: 'Say why these records are no longer needed. Do not name anyone: this stays on the record of the disposal.', rows: 3 }),
      button('Propose the disposal'),
    );
    onSubmit(form, async (v) => {
      const ids = [v.serviceUserIds ?? []].flat().filter(Boolean);
      const errors = [];
      if (ids.length === 0) errors.push({ path: 'serviceUserIds', message: 'Choose at least one person' });
      if (!str(v.reason)) errors.push({ path: 'reason', message: 'Enter why now' });
      if (errors.length) throw new FormError(errors);
      await post('/disposals', { serviceUserIds: ids, reason: str(v.reason) }, newKey());
      flash('Disposal proposed', 'A second person must approve it before anything is deleted.');
      go('#/retention');
    });
    return h('div', null, list, form);
  }
};
export default view;

function pendingCard(d: Disposal, i: number, me: string | undefined): HTMLElement {
  const form = h('form', { 'aria-label': `Decide disposal ${i + 1}` });
  form.append(
    radios({
      name: 'decision',
      legend: 'Your decision',
      legendSize: 's',
      items: [
        { value: 'APPROVE', text: 'Approve: delete these records', hint: 'Everyone is checked again first; anyone no longer due is left out.' },
        { value: 'REJECT', text: 'Reject: keep these records' },
      ],
    }),
    textarea({ name: 'comments', label: 'Your reasons', rows: 3 }),
    button('Record the decision'),
  );
  onSubmit(form, async (v) => {
    const decision = str(v.decision);
    const errors = [];
    if (!decision) errors.push({ path: 'decision', message: 'Choose approve or reject' });
    if (!str(v.comments)) errors.push({ path: 'comments', message: 'Enter your reasons' });
    if (errors.length) throw new FormError(errors);
    await post(`/disposals/${q(d.id)}/decision`, { decision, comments: str(v.comments) }, newKey());
    flash(decision === 'APPROVE' ? 'Disposal approved' : 'Disposal rejected', decision === 'APPROVE' ? 'The records are being deleted; the disposal record shows what was deleted when it is done.' : undefined);
    go('#/retention');
  });
  return h(
    'div',
    { class: 'govuk-summary-card' },
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `Disposal proposed ${formatDateTime(d.proposedAt)}`)),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      summaryList([
        ['Proposed by', d.proposedBy.name],
        ['People', String(d.serviceUserIds?.length ?? 0)],
        ['Why now', d.reason],
      ]),
      !mayDecideDisposal() ? null : d.proposedBy.sub === me ? insetText('You proposed this disposal, so someone else must decide it.') : form,
    ),
  );
}

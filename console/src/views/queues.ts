/**
 * The incident queues of policy 1.3, oldest first: the line manager's (offer welfare
 * support, then escalate to the Head of Assurance or close with reasons) and the Head
 * of Assurance and Statutory Duties' (report to the police, or close with reasons).
 */
import { get, getAll, q, request } from '../api.js';
import { hasRole } from '../auth.js';
import { add, h, str } from '../dom.js';
import { button, h2, heading, insetText, link, p, radios, summaryList, tag, textarea, textInput } from '../govuk.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { behaviourWords, channelName, formatDateTime } from '../labels.js';
import { policeForceName } from '../office.js';
import { flash, go, type View } from '../shell.js';
import type { Case, Incident, Person } from '../types.js';
import { chaseRows } from './chase-words.js';
import { policeCalledWords } from './incident-words.js';

const HERE = '#/queues';

const view: View = async ({ main }) => {
  const lm = hasRole('line-manager');
  const hoa = hasRole('head-of-assurance');
  // Staff who work neither queue may still read both.
  const queues = [
    { status: 'AWAITING_LINE_MANAGER', title: 'Waiting for a line manager', acts: lm, show: lm || !hoa },
    { status: 'AWAITING_HEAD_OF_ASSURANCE', title: 'Waiting for the Head of Assurance', acts: hoa, show: hoa || !lm },
  ].filter((x) => x.show);
  const lists = await Promise.all(queues.map((x) => getAll<Incident>(`/incidents?escalation=${x.status}`)));
  const all = lists.flat();
  const people = new Map((await Promise.all([...new Set(all.map((i) => i.serviceUserId))].map((id) => get<Person>(`/service-users/${q(id)}`)))).map((x) => [x.id, x]));
  const cases = new Map((await Promise.all([...new Set(all.map((i) => i.caseId))].map((id) => get<Case>(`/cases/${q(id)}`)))).map((x) => [x.id, x]));

  add(
    main,
    heading('Incident queue'),
    lm || hoa
      ? p('Incidents waiting for you, oldest first (policy 1.3). Open the case for its full history.')
      : insetText('Only line managers and the Head of Assurance act on these incidents. You can see what is waiting.'),
  );
  queues.forEach((x, n) => {
    const items = lists[n] ?? [];
    add(
      main,
      h2(`${x.title} (${items.length})`, { id: x.status === 'AWAITING_LINE_MANAGER' ? 'line-manager' : 'head-of-assurance' }),
      items.length
        ? items.map((i) => {
            const person = people.get(i.serviceUserId);
            const kase = cases.get(i.caseId);
            return incidentCard(i, person, kase, x.acts ? (x.status === 'AWAITING_LINE_MANAGER' ? lineManagerForm(i) : headOfAssuranceForm(i)) : null);
          })
        : p('None waiting.'),
    );
  });
  return 'Incident queue';
};
export default view;

function incidentCard(i: Incident, person: Person | undefined, kase: Case | undefined, form: HTMLElement | null): HTMLElement {
  const lmStep = i.escalation.lineManager;
  return h(
    'div',
    { class: 'govuk-summary-card app-queue-card' },
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${person?.name ?? 'Unknown person'}: incident on ${formatDateTime(i.occurredAt)}`), tag(`Waiting since ${formatDateTime(i.escalation.queuedAt ?? i.occurredAt)}`, 'orange')),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      summaryList([
        ['Person', person ? link(`#/people/${q(person.id)}`, person.name) : 'Unknown person'],
        ['Case', kase ? link(`#/cases/${q(kase.id)}`, `${kase.reference}: ${kase.subject}`) : 'Unknown case'],
        ['When', formatDateTime(i.occurredAt)],
        ['How', channelName(i.channel)],
        ['What they did', h('ul', { class: 'govuk-list govuk-list--bullet' }, i.behaviours.map((b) => h('li', null, behaviourWords(b))))],
        ['What happened', i.description],
        ['Call ended', i.callTerminated ? 'Yes, after a warning' : 'No'],
        ...(i.policeCalled ? ([['Police called', policeCalledWords(i.policeCalled)]] as [string, string][]) : []),
        ['Recorded by', i.recordedBy?.name ?? ''],
        ...chaseRows(i),
        ...(lmStep
          ? [
              ['Welfare support', lmStep.welfareSupportOffered ? 'Offered by the line manager' : 'Not offered by the line manager'] as [string, string],
              ['Line manager’s notes', `${lmStep.notes}${lmStep.escalatedBy ? ` (${lmStep.escalatedBy.name})` : ''}`] as [string, string],
            ]
          : []),
      ]),
      form,
    ),
  );
}

/** Sends the step with the version read, so a second manager acting at once is told instead of overwriting. */
const act = (i: Incident, step: string, body: unknown) => request(`POST`, `/incidents/${q(i.id)}/${step}`, { body, ifMatch: i.version });

/** Policy 1.3: the line manager considers welfare, offers support, and escalates or closes with reasons. */
function lineManagerForm(i: Incident): HTMLElement {
  const form = h('form', { class: 'app-decision-form line-manager-form' });
  const welfare = radios({ name: 'welfare', path: 'welfareSupportOffered', legend: 'Have you offered welfare support to the staff affected?', legendSize: 's', inline: true, idPrefix: `welfare-${i.id}`, items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }] });
  if (i.policeCalled) {
    // Policy 1.3, threatening visits: the police already have it, so the line manager sees to welfare only.
    form.append(
      insetText('The police were called to this visit. Once you record the welfare support, the incident stands as reported to the police with the reference given then.'),
      welfare,
      textarea({ name: 'notes', id: `notes-${i.id}`, label: 'Notes', hint: 'Kept on the case.', rows: 3 }),
      button('Record welfare support'),
    );
    onSubmit(form, async (v) => {
      const errors = [];
      if (!str(v.welfare)) errors.push({ path: 'welfareSupportOffered', message: 'Say whether welfare support was offered' });
      if (!str(v.notes)) errors.push({ path: 'notes', message: 'Enter your notes' });
      if (errors.length) throw new FormError(errors);
      await act(i, 'escalate', { welfareSupportOffered: str(v.welfare) === 'yes', notes: str(v.notes) });
      flash('Welfare support recorded', 'The incident stands as reported to the police.');
      go(HERE);
    });
    return form;
  }
  form.append(
    welfare,
    radios({
      name: 'outcome',
      path: 'escalate',
      legend: 'What happens next?',
      legendSize: 's',
      idPrefix: `outcome-${i.id}`,
      items: [
        { value: 'escalate', text: 'Escalate to the Head of Assurance', hint: 'They are emailed and decide whether to report it to the police.' },
        { value: 'close', text: 'Close it here', hint: 'Nothing more is done about it. Give your reasons below.' },
      ],
    }),
    textarea({ name: 'notes', id: `notes-${i.id}`, label: 'Reasons and notes', hint: 'Kept on the case. Say why you escalate or close it.', rows: 3 }),
    button('Record decision'),
  );
  onSubmit(form, async (v) => {
    const errors = [];
    if (!str(v.welfare)) errors.push({ path: 'welfareSupportOffered', message: 'Say whether welfare support was offered' });
    if (!str(v.outcome)) errors.push({ path: 'escalate', message: 'Choose escalate or close' });
    if (!str(v.notes)) errors.push({ path: 'notes', message: 'Give your reasons' });
    if (errors.length) throw new FormError(errors);
    const escalate = str(v.outcome) === 'escalate';
    await act(i, 'escalate', { welfareSupportOffered: str(v.welfare) === 'yes', notes: str(v.notes), escalate });
    flash(escalate ? 'Incident escalated to the Head of Assurance' : 'Incident closed', escalate ? 'They have been emailed.' : 'Your reasons are on the case.');
    go(HERE);
  });
  return form;
}

/** Policy 1.3: the Head of Assurance reports the incident to the police (reference and date) or closes it with reasons. */
function headOfAssuranceForm(i: Incident): HTMLElement {
  const form = h('form', { class: 'app-decision-form head-of-assurance-form' });
  form.append(
    radios({
      name: 'outcome',
      path: 'referred',
      legend: 'What happens next?',
      legendSize: 's',
      idPrefix: `referral-${i.id}`,
      items: [
        {
          value: 'refer',
          text: `Reported to ${policeForceName()}`,
          conditional: h('div', null, textInput({ name: 'policeReference', id: `police-reference-${i.id}`, label: 'Police reference', width: '10' }), whenInput({ name: 'reportedAt', legend: 'When was it reported?' })),
        },
        { value: 'close', text: 'Close without a report to the police', conditional: textarea({ name: 'notes', id: `close-notes-${i.id}`, label: 'Reasons', hint: 'Kept on the case.', rows: 3 }) },
      ],
    }),
    button('Record decision'),
  );
  onSubmit(form, async (v) => {
    const outcome = str(v.outcome);
    if (!outcome) throw new FormError([{ path: 'referred', message: 'Choose reported to the police or close' }]);
    if (outcome === 'refer') {
      if (!str(v.policeReference)) throw new FormError([{ path: 'policeReference', message: 'Enter the police reference' }]);
      await act(i, 'police-referral', { referred: true, policeReference: str(v.policeReference), reportedAt: whenFrom(v, 'reportedAt') });
      flash('Police referral recorded', 'The reference is on the case.');
    } else {
      if (!str(v.notes)) throw new FormError([{ path: 'notes', message: 'Give your reasons for closing it' }]);
      await act(i, 'police-referral', { referred: false, notes: str(v.notes) });
      flash('Incident closed', 'Your reasons are on the case.');
    }
    go(HERE);
  });
  return form;
}

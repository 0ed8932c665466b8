import { get, getAll, newKey, post, q } from '../api.js';
import { hasRole, mayRecord } from '../auth.js';
import { add, h, list, str } from '../dom.js';
import { button, checkboxes, details, h2, h3, heading, hidden, link, notificationBanner, p, radios, summaryList, tag, textarea, textInput, warningText } from '../govuk.js';
import { BEHAVIOURS, CHANNELS, channelName, describeRestriction, ESCALATION, formatDate, formatDateTime } from '../labels.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { policeForceName } from '../office.js';
import { flash, go, type View } from '../shell.js';
import type { Case, Incident, Person, Strategy, TimelineEntry } from '../types.js';
import { timeline } from './person.js';
import { chaseRows } from './chase-words.js';
import { policeCalledWords, referencesOf } from './incident-words.js';

/** Policy 1.3: these go to the line manager, who offers welfare support and escalates. */
const TO_LINE_MANAGER = ['HARASSMENT_INTIMIDATION_OR_THREATS', 'STALKING', 'ESCALATING_AGITATION'];

const view: View = async ({ main, params, query }) => {
  const id = params[0] as string;
  const kase = await get<Case>(`/cases/${q(id)}`);
  const [person, entries, incidents, strategies, cases] = await Promise.all([
    get<Person>(`/service-users/${q(kase.serviceUserId)}`),
    getAll<TimelineEntry>(`/cases/${q(id)}/timeline`),
    getAll<Incident>(`/cases/${q(id)}/incidents`).catch(() => [] as Incident[]),
    getAll<Strategy>(`/service-users/${q(kase.serviceUserId)}/strategies`).catch(() => [] as Strategy[]),
    // A restriction may name the person's other cases: shown by their references.
    getAll<Case>(`/service-users/${q(kase.serviceUserId)}/cases`).catch(() => [kase]),
  ]);
  const here = `#/cases/${q(id)}`;
  const covering = strategies.filter((s) => s.caseIds.includes(id) && (s.status === 'ACTIVE' || s.status === 'REVIEW_DUE'));

  add(main, 
    heading(kase.reference, kase.subject),
    covering.length
      ? notificationBanner({ title: 'Contact strategy in force', heading: 'This case is covered by a contact strategy', body: [h('ul', { class: 'govuk-list govuk-list--bullet' }, covering.flatMap((s) => s.restrictions).map((r) => h('li', null, describeRestriction(r, referencesOf(cases))))), p(link(`#/strategies/${q(covering[0]!.id)}`, 'View the strategy'))] })
      : null,
    summaryList([
      ['Person', link(`#/people/${q(person.id)}`, person.name)],
      ['Type', kase.type.charAt(0) + kase.type.slice(1).toLowerCase()],
      ['Status', kase.status === 'OPEN' ? tag('Open', 'blue') : tag('Concluded', 'grey')],
      ['Opened', formatDate(kase.openedAt)],
      ...(kase.conclusion ? [['Final decision', kase.conclusion.finalDecision] as [string, string]] : []),
    ]),
  );

  if (mayRecord()) {
    main.append(contactForm(id, here), incidentForm(id, here, query.get('log') === 'incident'));
  }
  add(main, h2('Incidents', { id: 'incidents' }), incidents.length ? incidents.map((i) => incidentCard(i, here)) : p('No incidents recorded.'));
  if (mayRecord() && kase.status === 'OPEN') main.append(concludeForm(id, here));
  add(main, h2('Timeline'), p('Everything recorded against this case, newest first.'), timeline([...entries].reverse()));
  return kase.reference;
};
export default view;

function contactForm(caseId: string, here: string) {
  const form = h('form', { id: 'contact-form' });
  const key = newKey();
  form.append(
    radios({ name: 'channel', legend: 'How?', legendSize: 's', inline: true, idPrefix: 'contact-channel', items: CHANNELS.map((c) => ({ value: c.value, text: c.text, checked: c.value === 'PHONE' })) }),
    radios({ name: 'direction', legend: 'Direction', legendSize: 's', inline: true, idPrefix: 'contact-direction', items: [{ value: 'INBOUND', text: 'From them', checked: true }, { value: 'OUTBOUND', text: 'From us' }] }),
    whenInput({ name: 'contactAt', legend: 'When', path: 'occurredAt' }),
    textarea({ name: 'summary', id: 'contact-summary', label: 'Summary', rows: 3 }),
    textInput({ name: 'durationMinutes', id: 'contact-duration', label: 'Call length (phone only)', inputmode: 'numeric', width: '3', suffix: 'minutes' }),
    button('Log contact', { id: 'log-contact' }),
  );
  onSubmit(form, async (v) => {
    const minutes = str(v.durationMinutes);
    await post(`/cases/${q(caseId)}/contacts`, { channel: str(v.channel), direction: str(v.direction), occurredAt: whenFrom(v, 'contactAt', 'occurredAt'), summary: str(v.summary), durationMinutes: minutes ? Number(minutes) : undefined }, key);
    flash('Contact logged');
    go(here);
  });
  return details('Log a contact', form);
}

function incidentForm(caseId: string, here: string, open: boolean) {
  const form = h('form', { id: 'incident-form' });
  const key = newKey();
  const group = (g: string) => BEHAVIOURS.filter((b) => b.group === g).map((b) => ({ value: b.code, text: b.wording, hint: TO_LINE_MANAGER.includes(b.code) ? 'Goes to your line manager, who offers welfare support and escalates (policy 1.3).' : undefined }));
  form.append(
    whenInput({ name: 'incidentAt', legend: 'When did it happen?', path: 'occurredAt' }),
    radios({ name: 'channel', legend: 'How?', legendSize: 's', inline: true, idPrefix: 'incident-channel', items: CHANNELS.map((c) => ({ value: c.value, text: c.text, checked: c.value === 'PHONE' })) }),
    h(
      'div',
      { class: 'govuk-form-group', 'data-path': 'behaviours', 'data-control': 'behaviour-persistence' },
      h('h3', { class: 'govuk-heading-s' }, 'What did they do?'),
      h('div', { class: 'govuk-hint' }, 'Select all that apply. The behaviours are those of policy section 1.2, grouped as the policy groups them.'),
      checkboxes({ name: 'behaviours', path: 'behaviours-p', legend: 'Unreasonable persistence', legendSize: 's', small: true, idPrefix: 'behaviour-persistence', items: group('UNREASONABLE_PERSISTENCE') }),
      checkboxes({ name: 'behaviours', path: 'behaviours-u', legend: 'Unacceptable behaviour', legendSize: 's', small: true, idPrefix: 'behaviour-unacceptable', items: group('UNACCEPTABLE_BEHAVIOUR') }),
    ),
    textarea({ name: 'description', id: 'incident-description', label: 'What happened?', rows: 4 }),
    warningText('You may end a telephone call only after telling the caller that their behaviour is not acceptable and why (policy 1.3).'),
    checkboxes({
      name: 'callTerminated',
      path: 'callTerminated',
      legend: 'Ending the call',
      legendSize: 's',
      idPrefix: 'call-terminated',
      items: [
        {
          value: 'yes',
          text: 'I ended the call',
          conditional: checkboxes({ name: 'warningGiven', path: 'warningGiven', legend: 'Before ending it', legendSize: 's', idPrefix: 'warning-given', items: [{ value: 'yes', text: 'I told them their behaviour was not acceptable, and why' }] }),
        },
      ],
    }),
    checkboxes({
      name: 'policeCalled',
      path: 'policeCalled',
      legend: 'A threatening visit',
      legendSize: 's',
      idPrefix: 'police-called',
      items: [
        {
          value: 'yes',
          text: 'I called the police to this visit',
          hint: 'Your line manager is told, for your welfare; the police already have it.',
          conditional: h('div', null, whenInput({ name: 'policeCalledAt', legend: 'When did you call them?', path: 'policeCalled.at' }), textInput({ name: 'policeCalledReference', label: 'Police reference (if you were given one)', width: '10', path: 'policeCalled.policeReference' })),
        },
      ],
    }),
    button('Log incident', { id: 'log-incident' }),
  );
  onSubmit(form, async (v) => {
    const behaviours = list(v.behaviours);
    const channel = str(v.channel);
    const callTerminated = str(v.callTerminated) === 'yes';
    const warningGiven = callTerminated && str(v.warningGiven) === 'yes';
    const errors = [];
    if (!behaviours.length) errors.push({ path: 'behaviours', message: 'Select at least one behaviour' });
    if (!str(v.description)) errors.push({ path: 'description', message: 'Enter what happened' });
    if (callTerminated && channel !== 'PHONE') errors.push({ path: 'callTerminated', message: 'Only a telephone call can be ended: choose Phone, or untick “I ended the call”' });
    if (callTerminated && !warningGiven) errors.push({ path: 'warningGiven', message: 'A call may be ended only after telling them their behaviour is not acceptable and why. Confirm you did' });
    const policeCalled = str(v.policeCalled) === 'yes';
    if (policeCalled && channel !== 'VISIT') errors.push({ path: 'policeCalled', message: 'The police call is recorded for a visit: choose Visit, or untick “I called the police”' });
    if (errors.length) throw new FormError(errors);
    const reference = str(v.policeCalledReference);
    const police = policeCalled ? { policeCalled: { at: whenFrom(v, 'policeCalledAt', 'policeCalled.at'), ...(reference ? { policeReference: reference } : {}) } } : {};
    const incident = await post<Incident>(`/cases/${q(caseId)}/incidents`, { occurredAt: whenFrom(v, 'incidentAt', 'occurredAt'), channel, behaviours, description: str(v.description), callTerminated, warningGiven, ...police }, key);
    flash('Incident logged', incident.escalation.status === 'AWAITING_LINE_MANAGER' ? 'It has gone to the line manager, who offers welfare support and escalates to the Head of Assurance.' : undefined);
    go(here);
  });
  const d = details('Log an incident', form);
  d.id = 'incident';
  if (open) {
    d.open = true;
    form.querySelector('input')?.setAttribute('data-autofocus', '');
  }
  return d;
}

function incidentCard(i: Incident, here: string) {
  const esc = ESCALATION[i.escalation.status] ?? { text: i.escalation.status, colour: 'grey' };
  const card = h(
    'div',
    { class: 'govuk-summary-card' },
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `Incident on ${formatDateTime(i.occurredAt)}`)),
    h(
      'div',
      { class: 'govuk-summary-card__content' },
      summaryList([
        ['How', channelName(i.channel)],
        ['Behaviours', h('ul', { class: 'govuk-list govuk-list--bullet' }, i.behaviours.map((b) => h('li', null, BEHAVIOURS.find((x) => x.code === b)?.wording ?? b)))],
        ['What happened', i.description],
        ['Call ended', i.callTerminated ? 'Yes, after a warning' : 'No'],
        ...(i.policeCalled ? ([['Police called', policeCalledWords(i.policeCalled)]] as [string, string][]) : []),
        ['Escalation', tag(esc.text, esc.colour)],
        ...chaseRows(i),
      ]),
    ),
  );
  // Escalation actions only for the roles that may take them (the API enforces the same).
  if (i.escalation.status === 'AWAITING_LINE_MANAGER' && hasRole('line-manager')) {
    const form = h('form', { class: 'app-decision-form' });
    form.append(
      h3('Escalate to the Head of Assurance'),
      radios({ name: 'welfare', path: 'welfareSupportOffered', legend: 'Have you offered welfare support to the staff affected?', legendSize: 's', inline: true, items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }] }),
      textarea({ name: 'notes', label: 'Notes', rows: 3 }),
      button('Escalate'),
    );
    onSubmit(form, async (v) => {
      if (!str(v.welfare)) throw new FormError([{ path: 'welfareSupportOffered', message: 'Say whether welfare support was offered' }]);
      await post(`/incidents/${q(i.id)}/escalate`, { welfareSupportOffered: str(v.welfare) === 'yes', notes: str(v.notes) });
      flash('Incident escalated to the Head of Assurance');
      go(here);
    });
    card.querySelector('.govuk-summary-card__content')!.append(form);
  }
  if (i.escalation.status === 'AWAITING_HEAD_OF_ASSURANCE' && hasRole('head-of-assurance')) {
    const form = h('form', { class: 'app-decision-form' });
    form.append(h3(`Record the report to ${policeForceName()}`), textInput({ name: 'policeReference', label: 'Police reference', width: '10' }), whenInput({ name: 'reportedAt', legend: 'When was it reported?' }), button('Record police referral'));
    onSubmit(form, async (v) => {
      await post(`/incidents/${q(i.id)}/police-referral`, { policeReference: str(v.policeReference), reportedAt: whenFrom(v, 'reportedAt') });
      flash('Police referral recorded');
      go(here);
    });
    card.querySelector('.govuk-summary-card__content')!.append(form);
  }
  void hidden;
  return card;
}

function concludeForm(caseId: string, here: string) {
  const form = h('form', { id: 'conclude-form' });
  form.append(
    textarea({ name: 'finalDecision', label: 'Final decision', rows: 3 }),
    checkboxes({
      name: 'done',
      path: 'outcomeExplained',
      legend: 'Policy 1.4',
      legendSize: 's',
      items: [
        { value: 'outcomeExplained', text: 'The outcome has been clearly explained to them' },
        { value: 'rightOfReviewAdvised', text: 'They have been told of their right of review or how to challenge' },
      ],
    }),
    button('Conclude case', { variant: 'secondary' }),
  );
  onSubmit(form, async (v) => {
    const done = list(v.done);
    await post(`/cases/${q(caseId)}/conclude`, { finalDecision: str(v.finalDecision), outcomeExplained: done.includes('outcomeExplained'), rightOfReviewAdvised: done.includes('rightOfReviewAdvised') });
    flash('Case concluded');
    go(here);
  });
  return details('Conclude the case', form);
}

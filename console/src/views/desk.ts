/**
 * Screening desk: someone is on the phone or an email has arrived. Find them by
 * phone, email, name or case reference; see at once what is in force; screen and
 * log the contact in one step.
 */
import { ApiError, get, getAll, newKey, post, q, type Page } from '../api.js';
import { mayRecord } from '../auth.js';
import { clear, formValues, h, str } from '../dom.js';
import { button, buttonGroup, clearErrors, h2, heading, hidden, insetText, link, notificationBanner, p, radios, showErrors, summaryList, table, tag, textarea, textInput, warningText } from '../govuk.js';
import { CHANNELS, DECISIONS, describeRestriction, formatDate, formatDateTime, ukToday, type Channel, type Restriction } from '../labels.js';
import { enhance, type View } from '../shell.js';
import { callCountsOf, countingFrom, inForceOf, periodKeysOf, preview } from '../preview.js';
import type { Case, Contact, Person, Representative, ScreenResult, Strategy } from '../types.js';
import { incidentSection, intakeForm, newCaseSection } from './desk-intake.js';
import { switchboardCalls } from './switchboard-calls.js';
import { outsideRemitSection } from './desk-outside-remit.js';
import { representativeWords } from '../../../lib/domain/representatives.js';
import { contactPointOf } from '../../../lib/domain/contact-points.js';
import { representativesOf } from './person-representatives.js';
import { defaultCaseId } from '../desk-defaults.js';

type Kind = 'reference' | 'email' | 'phone' | 'name';

/** What the search box holds: a case reference, an email, a phone number or a name. */
export function classify(raw: string): { kind: Kind; value: string } {
  const value = raw.trim();
  if (/^OPCC-\d{4}-\d{6}$/i.test(value)) return { kind: 'reference', value: value.toUpperCase() };
  if (value.includes('@')) return { kind: 'email', value };
  if (/^\+?[\d\s()-]{7,}$/.test(value)) return { kind: 'phone', value };
  return { kind: 'name', value };
}

const IN_FORCE = ['ACTIVE', 'REVIEW_DUE'];

const view: View = async ({ main, query }) => {
  const term = query.get('q') ?? '';
  const results = h('div', { id: 'desk-results' });
  const form = h('form', { role: 'search', novalidate: true, id: 'find-form', class: 'app-find' });
  form.append(
    textInput({ name: 'q', id: 'find', label: 'Find the person', labelSize: 'm', hint: 'Phone number, email address, name or case reference (for example OPCC-2026-000123)', value: term, autocomplete: 'off', spellcheck: false }),
    button('Find', { id: 'find-button' }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = str(formValues(form).q);
    if (!v) return showErrors(form, [{ path: 'q', message: 'Enter a phone number, email address, name or case reference' }]);
    clearErrors(form);
    location.hash = `#/desk?q=${q(v)}`;
  });
  main.append(heading('Screening desk'), p('Someone is on the phone or an email has arrived. Find them, check what is in force, then screen and log the contact before you answer it.'), form, results);

  const personId = query.get('person');
  if (personId) {
    await personPane(results, personId, { channel: (query.get('channel') as Channel) ?? undefined, caseId: query.get('case') ?? undefined, from: query.get('from') ?? undefined });
  } else if (term) {
    await search(results, term);
  } else {
    // The search box is where every call starts.
    (form.querySelector('#find') as HTMLElement).setAttribute('data-autofocus', '');
    // The calls the switchboard screened before anyone picked up.
    if (mayRecord()) main.append(switchboardCalls());
  }
  return personId ? 'Screening' : term ? `Results for ${term}` : 'Screening desk';
};
export default view;

async function search(out: HTMLElement, term: string) {
  const { kind, value } = classify(term);
  let people: Person[] = [];
  let caseId: string | undefined;
  try {
    // Personal data never goes in a URL: every lookup is a POST with a JSON body.
    const body = kind === 'reference' ? { caseReference: value } : { [kind]: value };
    people = (await post<Page<Person>>('/service-users/search', body)).items;
    if (kind === 'reference' && people[0]) {
      const cases = await getAll<Case>(`/service-users/${q(people[0].id)}/cases`);
      caseId = cases.find((c) => c.reference === value.toUpperCase())?.id;
    }
  } catch (err) {
    if (err instanceof ApiError && (err.problem.status === 400 || err.problem.status === 422)) {
      out.append(h2('No results', { id: 'results-heading', tabindex: '-1', 'data-autofocus': '' }), p(`${value} is not a phone number we can look up. Check it, or search by name or email.`));
      return;
    }
    throw err;
  }
  const channel: Channel = kind === 'email' ? 'EMAIL' : 'PHONE';
  const from = kind === 'email' || kind === 'phone' ? value : undefined;
  if (people.length === 1) return personPane(out, (people[0] as Person).id, { channel, caseId, from }, people[0]);
  if (people.length === 0) return unknownCaller(out, { kind, value, channel, from });
  out.append(
    h2(`${people.length} people found`, { id: 'results-heading', tabindex: '-1', 'data-autofocus': '' }),
    table({
      caption: `People whose name starts with “${value}”`,
      captionSize: 's',
      head: ['Name', 'Email', 'Phone', 'Action'],
      rows: people.map((person) => [
        person.name,
        person.emails.join(', ') || 'None',
        person.phones.join(', ') || 'None',
        link(`#/desk?person=${q(person.id)}&channel=${channel}`, 'Screen', hidden(` ${person.name}`)),
      ]),
    }),
  );
}

function unknownCaller(out: HTMLElement, s: { kind: Kind; value: string; channel: Channel; from?: string }) {
  const form = h('form', { novalidate: true, id: 'screen-form' });
  const key = newKey();
  form.append(
    channelRadios(s.channel),
    textInput({ name: 'from', label: 'Phone number or email address they used', value: s.from ?? '', autocomplete: 'off', spellcheck: false, width: '20' }),
    textarea({ name: 'summary', label: 'What do they want?', rows: 3, hint: 'Optional' }),
    button('Screen and log contact', { id: 'screen-button' }),
  );
  const resultBox = h('div');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    try {
      const res = await post<ScreenResult>('/contacts/screen', { channel: str(v.channel), from: str(v.from) || undefined, summary: str(v.summary) || undefined, receivedAt: new Date().toISOString() }, key);
      form.remove();
      showResult(resultBox, res, {});
    } catch (err) {
      onError(form, err);
    }
  });
  out.append(
    h2('No one found', { id: 'results-heading', tabindex: '-1', 'data-autofocus': '' }),
    p(`Nobody on our records matches ${s.value}. No contact strategy applies: deal with the contact as normal.`),
  );
  if (!mayRecord()) return;
  out.append(
    h2('Add them', { class: 'govuk-heading-s' }),
    p('If they have a matter for us, add them as a new person: you open a case for it and log this contact on it in one go.'),
    button('Add them as a new person', { type: 'button', id: 'add-person', onClick: () => intakeForm(out, s, showResult) }),
    h2('Or log the contact against no one', { class: 'govuk-heading-s' }),
    p('Screening still logs the contact, against no one, so there is a record of it.'),
    resultBox,
    form,
    outsideRemitSection({ channel: s.channel }),
  );
}

function channelRadios(channel?: Channel) {
  return radios({ name: 'channel', legend: 'How did they get in touch?', legendSize: 's', inline: true, idPrefix: 'channel', items: CHANNELS.map((c) => ({ value: c.value, text: c.text, checked: c.value === (channel ?? 'PHONE') })) });
}

function onError(form: HTMLElement, err: unknown) {
  if (err instanceof ApiError) showErrors(form, err.problem.errors.length ? err.problem.errors : [{ path: '(body)', message: err.problem.detail ?? err.problem.title }]);
  else showErrors(form, [{ path: '(body)', message: String(err) }]);
}

/** The single point of contact, and who covers for them today where someone does. */
function spocWords(staffName: string, inForce: Strategy[]): string {
  const today = ukToday();
  const cover = inForce.map((s) => s.spocCover).find((c) => c && c.from <= today && today <= c.until);
  return cover ? `${staffName}, who is away: ${cover.staffName} is covering until ${formatDate(cover.until)}` : staffName;
}

async function personPane(out: HTMLElement, personId: string, ctx: { channel?: Channel; caseId?: string; from?: string }, known?: Person) {
  const [person, cases, strategies, reps] = await Promise.all([
    known ?? get<Person>(`/service-users/${q(personId)}`),
    getAll<Case>(`/service-users/${q(personId)}/cases`),
    getAll<Strategy>(`/service-users/${q(personId)}/strategies`).catch(() => undefined),
    representativesOf(personId).catch(() => [] as Representative[]),
  ]);
  const inForce = strategies?.filter((s) => IN_FORCE.includes(s.status)) ?? [];
  const restrictions: Restriction[] = inForce.flatMap((s) => s.restrictions);
  const refOf = (id: string) => cases.find((c) => c.id === id)?.reference ?? 'another case';
  const limit = restrictions.find((r): r is Extract<Restriction, { type: 'TELEPHONE_LIMIT' }> => r.type === 'TELEPHONE_LIMIT');
  const callCounts = limit ? await getAll<Contact>(`/service-users/${q(personId)}/contacts?from=${q(countingFrom())}`).then(callCountsOf).catch(() => undefined) : {};
  const keys = periodKeysOf(new Date());
  const callsSoFar = limit && callCounts ? (callCounts[limit.per === 'DAY' ? keys.day : limit.per === 'WEEK' ? keys.week : keys.month] ?? 0) : undefined;

  out.append(
    h2(person.name, { id: 'person-heading', class: 'govuk-heading-l app-person-name', tabindex: '-1', 'data-autofocus': '' }),
    summaryList(
      [
        ['Phone', person.phones.join(', ') || 'None'],
        ['Email', person.emails.join(', ') || 'None'],
        ['Cases', cases.length ? cases.map((c) => h('span', { class: 'app-nowrap' }, link(`#/cases/${q(c.id)}`, c.reference), ` (${c.status === 'OPEN' ? 'open' : 'concluded'}) `)) : 'None'],
      ],
      { noBorder: true },
    ),
    p(link(`#/people/${q(person.id)}`, 'View ', person.name, '’s full record')),
  );
  if (person.additionalNeeds) out.append(insetText(h('strong', null, 'Additional needs: '), person.additionalNeeds));

  // What is in force, at once, as a notification banner.
  const expected = h('div', { 'aria-live': 'polite', id: 'expected' });
  if (strategies === undefined) {
    out.append(warningText('We could not check for a contact strategy. Screening the contact below still checks it.'));
  } else if (!inForce.length) {
    out.append(notificationBanner({ title: 'No contact strategy', heading: 'No contact strategy is in force', body: p('Deal with the contact as normal.'), id: 'in-force' }));
  } else {
    const spoc = restrictions.find((r) => r.type === 'SINGLE_POINT_OF_CONTACT') as Extract<Restriction, { type: 'SINGLE_POINT_OF_CONTACT' }> | undefined;
    const strategy = inForce[0] as Strategy;
    out.append(
      notificationBanner({
        title: 'Contact strategy in force',
        id: 'in-force',
        heading: `A contact strategy is in force${strategy.status === 'REVIEW_DUE' ? ' (review due)' : ''}`,
        body: [
          h('ul', { class: 'govuk-list govuk-list--bullet' }, restrictions.map((r) => h('li', null, describeRestriction(r, refOf)))),
          spoc ? p(h('strong', null, 'Single point of contact: '), spocWords(spoc.staffName, inForce)) : null,
          restrictions.some((r) => r.type === 'RECORD_CALLS') ? p(h('strong', null, 'Record this call.')) : null,
          limit ? p(h('strong', null, 'Calls: '), `${callsSoFar ?? '?'} of ${limit.maxCalls} logged this ${limit.per.toLowerCase()}`, limit.maxMinutes ? `; each call must end within ${limit.maxMinutes} minutes.` : '.') : null,
          expected,
          p(`Review date ${formatDate(strategy.reviewDate)}. `, link(`#/strategies/${q(strategy.id)}`, 'View the strategy and its letter')),
        ],
      }),
    );
  }

  if (!mayRecord()) {
    out.append(p('You can read this record, but your role cannot log contacts.'));
    return;
  }

  const key = newKey();
  const form = h('form', { novalidate: true, id: 'screen-form' });
  const about = defaultCaseId(cases, ctx.caseId);
  const caseItems = [
    ...cases.map((c) => ({ value: c.id, text: `${c.reference}: ${c.subject}`, hint: c.status === 'OPEN' ? 'Open' : 'Concluded', checked: c.id === about })),
    { value: 'FRESH', text: 'A new matter', hint: 'Something not covered by their cases. A fresh matter through a usable channel is never refused.' },
    { value: 'NONE', text: 'Not about a particular case', checked: !about },
  ];
  form.append(
    h2('Screen and log this contact'),
    channelRadios(ctx.channel),
    radios({ name: 'about', path: 'caseId', legend: 'What is it about?', legendSize: 's', idPrefix: 'about', items: caseItems }),
    textInput({ name: 'from', label: 'Phone number or email address they used', hint: 'So that blocked numbers and addresses are caught', value: ctx.from ?? '', autocomplete: 'off', spellcheck: false, width: '20' }),
    textarea({ name: 'summary', label: 'What do they want?', hint: 'Optional. A line is enough: you can add to the case later.', rows: 3 }),
    textInput({ name: 'durationMinutes', label: 'Call length', hint: 'Phone calls only. Leave blank if the call is still going.', inputmode: 'numeric', width: '3', suffix: 'minutes' }),
    button('Screen and log contact', { id: 'screen-button' }),
  );
  const resultBox = h('div', { id: 'screen-result' });
  const updateExpected = () => {
    if (!inForce.length) return;
    const v = formValues(form);
    const about = str(v.about);
    const rep = representativeAt(reps, person, str(v.from));
    clear(expected);
    // Their strategy never restricts their representative: screening answers Proceed.
    if (rep) return expected.append(p(h('strong', null, 'Expected decision for this contact: '), `${DECISIONS.PROCEED.title}. This is ${representativeWords(rep)}, their representative: the contact strategy does not restrict them.`));
    const pr = preview(inForceOf(inForce), callCounts ?? {}, { channel: str(v.channel) as Channel, caseId: about && about !== 'FRESH' && about !== 'NONE' ? about : undefined, freshMatter: about === 'FRESH', from: str(v.from) || undefined });
    expected.append(p(h('strong', null, 'Expected decision for this contact: '), DECISIONS[pr.decision].title, '. ', pr.reasons.join(' ')));
  };
  form.addEventListener('change', updateExpected);
  updateExpected();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    const about = str(v.about);
    const minutes = str(v.durationMinutes);
    if (minutes && !/^\d+$/.test(minutes)) return showErrors(form, [{ path: 'durationMinutes', message: 'Call length must be a whole number of minutes, like 5' }]);
    const body = {
      channel: str(v.channel),
      from: str(v.from) || undefined,
      serviceUserId: person.id,
      caseId: about && about !== 'FRESH' && about !== 'NONE' ? about : undefined,
      freshMatter: about === 'FRESH' ? true : undefined,
      receivedAt: new Date().toISOString(),
      durationMinutes: minutes ? Number(minutes) : undefined,
      summary: str(v.summary) || undefined,
    };
    try {
      const res = await post<ScreenResult>('/contacts/screen', body, key);
      form.remove();
      showResult(resultBox, res, { caseId: body.caseId, refOf, person });
    } catch (err) {
      onError(form, err);
    }
  });
  out.append(resultBox, form, outsideRemitSection({ personId: person.id, channel: ctx.channel }), newCaseSection(person, ctx), incidentSection(cases));
  enhance(form);
}

/** The screening decision: what to do, what to say, and what was logged. */
export function showResult(box: HTMLElement, r: ScreenResult, ctx: { caseId?: string; refOf?: (id: string) => string; person?: Person }) {
  const d = DECISIONS[r.decision] ?? { title: r.decision, action: '', say: '' };
  const ok = r.decision === 'PROCEED' || r.decision === 'PROCEED_VIA_SPOC';
  const endBy = r.callMinutesLimit ? new Date(Date.now() + r.callMinutesLimit * 60_000) : undefined;
  box.append(
    notificationBanner({
      success: ok,
      role: 'alert',
      title: ok ? 'Contact logged' : 'Contact logged: stop and check',
      id: 'decision',
      heading: d.title,
      body: [
        p(d.action),
        r.representativeOf ? representativeLine(r.representativeOf, ctx.person) : null,
        r.spoc ? p(h('strong', null, 'Single point of contact: '), r.spoc.staffName) : null,
        r.recordCall ? p(h('strong', null, 'Record this call.')) : null,
        r.callMinutesLimit ? p(h('strong', null, 'Call-length limit: '), `${r.callMinutesLimit} minutes. End the call by ${formatDateTime(endBy?.toISOString()).split(', ').pop()}.`) : null,
        d.say ? [h('h3', { class: 'govuk-heading-s' }, 'What to say'), insetText(`“${d.say}”`)] : null,
        r.reasons.length ? [h('h3', { class: 'govuk-heading-s' }, 'Why'), h('ul', { class: 'govuk-list govuk-list--bullet' }, r.reasons.map((x) => h('li', null, x)))] : null,
        r.potentialBreach ? warningText('This may be a breach of the contact strategy. Report it so the Statutory Operations Manager can decide what to do.') : null,
        p(`Logged ${ctx.caseId && ctx.refOf ? `against ${ctx.refOf(ctx.caseId)}` : ctx.person ? `against ${ctx.person.name}` : r.representativeOf ? 'on the record of the person they represent' : 'against no one'}. `, r.decision === 'PROCEED' ? tag('No restriction applied', 'green') : null),
      ],
    }),
    buttonGroup(
      h('a', { href: '#/desk', class: 'govuk-button', role: 'button', draggable: 'false', id: 'next-contact' }, 'Screen another contact'),
      r.potentialBreach && r.strategyId ? h('a', { href: `#/strategies/${q(r.strategyId)}/breach?contact=${q(r.contactId)}`, class: 'govuk-button govuk-button--warning', role: 'button', draggable: 'false' }, 'Report a breach') : null,
      ctx.caseId ? h('a', { href: `#/cases/${q(ctx.caseId)}?log=incident`, class: 'govuk-button govuk-button--secondary', role: 'button', draggable: 'false' }, 'Log an incident') : null,
    ),
  );
  (box.querySelector('#decision') as HTMLElement).focus();
}

/**
 * "From a representative of Pat Smith: Jo Bloggs (MP)": the person's name is read
 * when the desk does not have it (the contact came from an address that is only
 * the representative's).
 */
function representativeLine(rep: NonNullable<ScreenResult['representativeOf']>, known?: Person) {
  const whose = h('span', null, known?.name ?? 'the person');
  if (!known) void get<Person>(`/service-users/${q(rep.serviceUserId)}`).then((person) => (whose.textContent = person.name), () => undefined);
  return p(h('strong', null, 'From a representative of '), link(`#/people/${q(rep.serviceUserId)}`, whose), `: ${representativeWords(rep)}. Their contact strategy does not restrict their representative.`);
}

/** The person's representative (still acting) at the address or number typed, never when it is the person's own. */
function representativeAt(reps: Representative[], person: Person, from: string): Representative | undefined {
  const cp = from ? contactPointOf(from) : undefined;
  if (!cp || [...person.emails, ...person.phones].includes(cp.value)) return undefined;
  return reps.find((r) => r.status === 'ACTIVE' && (cp.kind === 'EMAIL' ? r.emails : r.phones).includes(cp.value));
}

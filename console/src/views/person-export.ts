/**
 * The subject-access export as the document a person is sent (`#/people/{id}/export`):
 * the same export the API answers (`GET /service-users/{id}/export`, recorded like every
 * export), laid out in words rather than codes, with a print style, so staff print it or
 * save it as a PDF. The JSON stays for the record; the words come from the tables every
 * other page uses (labels.ts), and a timeline entry reads as the export words its kind
 * (TIMELINE_EXPORT in lib/domain/subject-access.ts), without the ids the JSON names.
 */
import { get, q } from '../api.js';
import { add, h } from '../dom.js';
import { backLink, button, h2, heading, insetText, p, summaryList, table } from '../govuk.js';
import { behaviourWords, channelName, DECISIONS, describeRestriction, formatDate, formatDateTime, LETTER_KIND_LABELS, STRATEGY_STATUS, type Restriction } from '../labels.js';
import { TIMELINE_EXPORT } from '../../../lib/domain/subject-access.js';
import type { View } from '../shell.js';
import type { Export } from '../types.js';

type Row = Record<string, unknown>;

const s = (v: unknown) => (typeof v === 'string' ? v : '');
const arr = <T = string>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
/** An exported timeline entry in the export's own words for its kind (its JSON summary adds the ids it names). */
const exportedWords = (e: Row) => {
  const rule = (TIMELINE_EXPORT as Record<string, { said: string } | { withheld: string } | undefined>)[s(e.kind)];
  return rule && 'said' in rule ? `${rule.said}.` : s(e.summary);
};
const sentence = (v: string) => v.charAt(0) + v.slice(1).toLowerCase();

const view: View = async ({ main, params }) => {
  const id = params[0] as string;
  const x = await get<Export>(`/service-users/${q(id)}/export`);
  const u = x.serviceUser;
  const refOf = (cid: string) => s(x.cases.find((c) => c.id === cid)?.reference) || 'a case';
  const address = u.postalAddress as { lines: string[]; postcode: string } | undefined;
  const adjustments = (u.adjustments ?? {}) as { channels?: string[]; format?: string; notes?: string };
  const letters = [...x.strategies.flatMap((st) => st.letters), ...x.warnings.flatMap((w) => w.letters)].sort((a, b) => s(a.createdAt).localeCompare(s(b.createdAt)));
  const printForm = h('form', { class: 'app-no-print', id: 'print-form' });
  printForm.append(button('Print this document', { variant: 'secondary', id: 'print-button' }));
  printForm.addEventListener('submit', (e) => {
    e.preventDefault();
    window.print();
  });

  add(
    main,
    h('div', { class: 'app-no-print' }, backLink(`#/people/${q(id)}`, 'Back to their record')),
    heading('The information we hold about you', s(u.name)),
    p(`Prepared on ${formatDateTime(x.generatedAt)} by ${x.generatedBy.name}, in answer to your request to see the personal information we hold about you.`),
    printForm,
    h2('Your details'),
    summaryList([
      ['Name', s(u.name)],
      ['Email addresses', arr(u.emails).join(', ') || 'None'],
      ['Phone numbers', arr(u.phones).join(', ') || 'None'],
      ['Postal address', address ? [...address.lines, address.postcode].join(', ') : 'None'],
      ['Additional needs', s(u.additionalNeeds) || 'None recorded'],
      ['Adjustments we make', [adjustments.format === 'LARGE_PRINT' ? 'Letters in large print' : '', ...(adjustments.channels ?? []).map((c) => `Contact by ${channelName(c).toLowerCase()} kept open`), adjustments.notes ?? ''].filter(Boolean).join('. ') || 'None'],
    ]),
    h2('Your cases'),
    x.cases.length ? table({ head: ['Reference', 'About', 'Opened', 'Status'], rows: x.cases.map((c) => [s(c.reference), s(c.subject), formatDate(s(c.openedAt)), c.status === 'OPEN' ? 'Open' : 'Concluded']) }) : p('None.'),
    h2('What happened on your cases'),
    ...x.timelines.map((t) => [
      h('h3', { class: 'govuk-heading-s' }, refOf(t.caseId)),
      t.entries.length ? h('ul', { class: 'govuk-list' }, t.entries.map((e) => h('li', null, `${formatDateTime(s(e.at))}: ${exportedWords(e)}`))) : p('Nothing recorded.'),
    ]),
    h2('Your contact with us'),
    x.contacts.length
      ? table({
          head: ['When', 'How', 'What about', 'What we decided'],
          rows: x.contacts.map((c) => {
            const screening = c.screening as { decision?: keyof typeof DECISIONS } | undefined;
            return [formatDateTime(s(c.occurredAt)), channelName(s(c.channel)), s(c.summary) || (c.caseId ? refOf(s(c.caseId)) : 'Not about a case'), screening?.decision ? DECISIONS[screening.decision]?.title ?? '' : ''];
          }),
        })
      : p('None recorded.'),
    h2('Behaviour we recorded'),
    x.incidents.length ? table({ head: ['When', 'What we recorded'], rows: x.incidents.map((i) => [formatDateTime(s(i.occurredAt)), h('span', null, arr(i.behaviours).map(behaviourWords).join('; '), s(i.description) ? `. ${s(i.description)}` : '')]) }) : p('None recorded.'),
    h2('Warnings'),
    x.warnings.length ? h('ul', { class: 'govuk-list govuk-list--bullet' }, x.warnings.map((w) => h('li', null, `${formatDate(s(w.warning.sentAt))}: ${arr(w.warning.behaviours).map(behaviourWords).join('; ')}. ${s(w.warning.explanation)}`))) : p('None.'),
    h2('Contact strategies'),
    ...(x.strategies.length
      ? x.strategies.map(({ strategy: st, appeals }) => [
          h('h3', { class: 'govuk-heading-s' }, `Contact strategy of ${formatDate(s(st.createdAt))}`),
          summaryList([
            ['Status', STRATEGY_STATUS[s(st.status)]?.text ?? 'Recorded'],
            ['Cases', arr(st.caseIds).map(refOf).join(', ')],
            ['Why', s(st.reason)],
            ['What it means for you', h('ul', { class: 'govuk-list govuk-list--bullet' }, arr<Restriction>(st.restrictions).map((r) => h('li', null, describeRestriction(r, refOf))))],
            ['Review date', formatDate(s(st.reviewDate))],
            ['Appeals', appeals.length ? appeals.map((a) => `Received ${formatDate(s(a.receivedAt))}${(a.decision as Row | undefined)?.outcome ? `: ${sentence(s((a.decision as Row).outcome))}` : ''}`).join('; ') : 'None'],
          ]),
        ])
      : [p('None.')]),
    h2('Letters we sent you'),
    letters.length ? table({ head: ['Date', 'Letter', 'How'], rows: letters.map((l) => [formatDate(s(l.sentAt) || s(l.queuedAt) || s(l.createdAt)), s(l.subject) || LETTER_KIND_LABELS[s(l.kind)] || 'Letter', channelName(s(l.channel))]) }) : p('None.'),
    h2('What we have not included, and why'),
    insetText('The law lets us leave some information out. We have left out:'),
    h('ul', { class: 'govuk-list govuk-list--bullet' }, x.redactions.map((r) => h('li', null, 'what' in r ? `${sentence(r.what)}: ${r.reason}.` : `${r.count} ${r.count === 1 ? 'entry' : 'entries'} on your case timelines: ${r.reason}.`))),
  );
  return 'The information we hold about you';
};
export default view;

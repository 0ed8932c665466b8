/**
 * Manager inbox: the evidence behind a strategy waiting on a decision, so the
 * Statutory Operations Manager decides on it without leaving the inbox: the
 * incidents on the person's cases, the purpose, and the factors of policy 1.4 with
 * their answers and notes.
 */
import { h } from '../dom.js';
import { summaryList } from '../govuk.js';
import { answerText, FACTORS } from '../labels.js';
import type { Case, Strategy } from '../types.js';
import { incidentsOfCases, incidentWords, referencesOf } from './incident-words.js';

export async function strategyEvidence(s: Strategy, cases: Case[]): Promise<HTMLElement> {
  const incidents = await incidentsOfCases(cases);
  const refOf = referencesOf(cases);
  return h(
    'div',
    { class: 'app-evidence' },
    h('h4', { class: 'govuk-heading-s' }, 'Evidence'),
    summaryList([
      ['Purpose', s.purpose ?? ''],
      [
        `Incidents (${incidents.length})`,
        incidents.length ? h('ul', { class: 'govuk-list govuk-list--bullet' }, incidents.map((i) => h('li', null, incidentWords(i, refOf), h('br'), h('span', { class: 'govuk-body-s' }, i.description)))) : 'None recorded on their cases',
      ],
    ]),
    h('h4', { class: 'govuk-heading-s' }, 'Factors considered (policy 1.4)'),
    summaryList(FACTORS.map((f) => [f.question, `${answerText(s.factors?.[f.key]?.answer)}${s.factors?.[f.key]?.notes ? `. ${s.factors?.[f.key]?.notes}` : ''}`])),
  );
}

/**
 * Staff never see an id, an enum or a behaviour code. The API's timeline summaries
 * and a strategy's history are sentences the server wrote, and some carry them (a
 * strategy's id, a letter's kind, a screening decision, a behaviour's code, an ISO
 * date); the console shows those sentences in plain words, each code worded by the
 * same table every other page uses (labels.ts).
 */
import { BEHAVIOURS, CHANNELS, decisionTitle, DECISIONS, ESCALATION, formatDate, formatDateTime, LETTER_KIND_LABELS, LETTER_STATUS, PERSON_FIELD_WORDS, STRATEGY_STATUS } from './labels.js';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** A behaviour's wording, shortened to its first clause (the whole wording is on the incident). */
export function behaviourWords(code: string): string {
  const b = BEHAVIOURS.find((x) => x.code === code);
  if (!b) return code;
  const cut = b.wording.search(/ such as|,| despite| and continuing| after proper|\./);
  return cut > 0 ? b.wording.slice(0, cut) : b.wording;
}

const KIND_CODES = Object.keys(LETTER_KIND_LABELS).join('|');
/** `IMPLEMENTED letter`, `the WARNING letter`: the kind's own label, quoted, as the letters pages name it. */
const LETTER_OF_KIND = new RegExp(`\\b(${KIND_CODES}) letter\\b`, 'g');
/** `the EXTENDED outcome`: what a letter of that kind told the person. */
const OUTCOME_OF_KIND = new RegExp(`\\b(${KIND_CODES}) outcome\\b`, 'g');
const DECISION_CODES = Object.keys(DECISIONS).join('|');
const SCREENED = new RegExp(`\\bScreened:? (${DECISION_CODES})\\b`, 'g');

const quoted = (code: string) => `“${LETTER_KIND_LABELS[code] ?? 'Letter'}”`;

/** Any other code a sentence may still carry, worded by the table that words it elsewhere. */
function codeWords(code: string): string {
  if (BEHAVIOURS.some((b) => b.code === code)) return behaviourWords(code);
  const known =
    DECISIONS[code as keyof typeof DECISIONS]?.title ??
    LETTER_STATUS[code as keyof typeof LETTER_STATUS]?.text ??
    STRATEGY_STATUS[code]?.text ??
    ESCALATION[code]?.text ??
    LETTER_KIND_LABELS[code] ??
    CHANNELS.find((c) => c.value === code)?.text;
  if (known) return known.charAt(0).toLowerCase() + known.slice(1);
  // Acronyms in the server's prose (SES, OPCC) are words; a code with an underscore is not.
  return code.includes('_') ? code.toLowerCase().replace(/_/g, ' ') : code;
}

export function plainWords(text: string): string {
  return text
    .replace(new RegExp(`\\s*\\(letter ${ULID}\\)`, 'g'), '')
    .replace(new RegExp(`\\b(C|c)ontact strategy ${ULID}`, 'g'), (_m, c: string) => `${c === 'C' ? 'The' : 'the'} contact strategy`)
    .replace(new RegExp(`\\bBreach ${ULID} of`, 'g'), 'Breach of')
    .replace(new RegExp(`as a copy of ${ULID}`, 'g'), 'as a copy of an earlier strategy')
    .replace(new RegExp(`\\s*\\b${ULID}\\b`, 'g'), '')
    .replace(LETTER_OF_KIND, (_m, k: string, at: number) => `${at === 0 ? 'Letter' : 'letter'} ${quoted(k)}`)
    .replace(OUTCOME_OF_KIND, (_m, k: string) => `${quoted(k)} outcome`)
    .replace(SCREENED, (_m, d: string) => `Screened: ${decisionTitle(d)}`)
    .replace(/\b(COMPLAINT|REVIEW|CORRESPONDENCE) case\b/g, (_m, t: string) => `${t.charAt(0)}${t.slice(1).toLowerCase()} case`)
    .replace(/details were changed: ([A-Za-z, ]+)\./, (_m, list: string) => `details were changed: ${list.split(/,\s*/).map((f) => PERSON_FIELD_WORDS[f] ?? f).join(', ')}.`)
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g, (iso) => formatDateTime(iso))
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d))
    .replace(/\b[A-Z]{2,}(?:_[A-Z]+)*\b/g, codeWords);
}

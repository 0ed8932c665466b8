/**
 * Staff never see an id, an enum or a behaviour code. Some of the API's timeline
 * summaries carry them (a strategy's id, a letter's kind, a behaviour's code, an
 * ISO date); the console shows those summaries in plain words.
 */
import { BEHAVIOURS, formatDate, formatDateTime, PERSON_FIELD_WORDS } from './labels.js';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** A behaviour's wording, shortened to its first clause (the whole wording is on the incident). */
export function behaviourWords(code: string): string {
  const b = BEHAVIOURS.find((x) => x.code === code);
  if (!b) return code;
  const cut = b.wording.search(/ such as|,| despite| and continuing| after proper|\./);
  return cut > 0 ? b.wording.slice(0, cut) : b.wording;
}

const LETTER_WORDS: Record<string, string> = {
  IMPLEMENTED: 'Letter putting the strategy in place',
  EXTENDED: 'Letter extending the strategy',
  VARIED: 'Letter varying the strategy',
  ENDED: 'Letter lifting the restrictions',
  APPEAL_OUTCOME: 'Letter giving the outcome of an appeal',
  WARNING: 'Warning letter',
};

/** Every kind the table words, so a new kind is worded once it is in the table. */
const LETTER_KIND_CODES = new RegExp(`\\b(${Object.keys(LETTER_WORDS).join('|')}) letter\\b`, 'g');

const FIELD_WORDS = PERSON_FIELD_WORDS;

export function plainWords(text: string): string {
  return text
    .replace(new RegExp(`\\s*\\(letter ${ULID}\\)`, 'g'), '')
    .replace(new RegExp(`\\b(C|c)ontact strategy ${ULID}`, 'g'), (_m, c: string) => `${c === 'C' ? 'The' : 'the'} contact strategy`)
    .replace(new RegExp(`\\bBreach ${ULID} of`, 'g'), 'Breach of')
    .replace(new RegExp(`as a copy of ${ULID}`, 'g'), 'as a copy of an earlier strategy')
    .replace(new RegExp(`\\s*\\b${ULID}\\b`, 'g'), '')
    .replace(LETTER_KIND_CODES, (_m, k: string) => LETTER_WORDS[k] ?? 'Letter')
    .replace(/\b(COMPLAINT|REVIEW|CORRESPONDENCE) case\b/g, (_m, t: string) => `${t.charAt(0)}${t.slice(1).toLowerCase()} case`)
    .replace(/details were changed: ([A-Za-z, ]+)\./, (_m, list: string) => `details were changed: ${list.split(/,\s*/).map((f) => FIELD_WORDS[f] ?? f).join(', ')}.`)
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g, (iso) => formatDateTime(iso))
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d))
    .replace(/\b[A-Z]{2,}(?:_[A-Z]+)*\b/g, (code) => (BEHAVIOURS.some((b) => b.code === code) ? behaviourWords(code) : code.includes('_') ? code.toLowerCase().replace(/_/g, ' ') : code));
}

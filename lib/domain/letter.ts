/**
 * The letter that tells a person about their contact strategy (policy 1.3 and 1.5:
 * "clearly informed in writing of the parameters of any contact strategy, the
 * reasons why it has been created and how it will impact them"). Pure: the same
 * input gives the same letter, as plain text (post, email body) and HTML (email).
 *
 * Policy 1.5 says the letter gives: the reason; any restrictions on the method or
 * frequency of communication; how to pursue fresh matters (the right to complain
 * and the right of review are not affected); the review period; a copy of the policy.
 */
import type { Restriction } from '../schemas/restrictions.js';
import { behaviourOf, type BehaviourCode } from './behaviours.js';
import { addDays } from './calendar.js';
import { specOf, type Bullet as RestrictionBullet, type LetterOffice } from './restrictions/index.js';
import { spocBullet } from './restrictions/single-point-of-contact.js';
import { spocOf } from './spoc.js';
import { list } from './restrictions/words.js';
import { LETTER_KIND_SPECS, type LetterKind } from './letters/index.js';

// One spec per kind (lib/domain/letters); kept here too for the modules that import them from this file.
export { LETTER_KINDS, type LetterKind } from './letters/index.js';

export interface LetterInput {
  kind: LetterKind;
  strategy: { id: string; reason: string; restrictions: Restriction[]; reviewDate: string; caseIds: string[] };
  person: { name: string; postalAddress?: { lines: string[]; postcode: string } };
  cases: { id: string; reference: string; subject: string; status: string }[];
  /** The date of the letter, YYYY-MM-DD (UK). */
  issuedOn: string;
  /** The enclosed policy's own title (the policy document port's). */
  policyTitle: string;
  /** The office writing (settings ORG_NAME, ORG_POSTAL_ADDRESS, ORG_EMAIL): it signs the letter. */
  office: LetterOffice;
  /** EXTENDED and VARIED: when the strategy will next be reviewed (defaults to the strategy's reviewDate). */
  nextReviewDate?: string;
  /** IMPLEMENTED: the days the person has to appeal (setting APPEAL_DAYS); the letter gives the last day. */
  appealDays?: number;
  /** APPEAL_OUTCOME: what was decided on the appeal, and why. */
  appeal?: AppealLetterFacts;
}

export interface Letter {
  subject: string;
  text: string;
  html: string;
}

// Made at the first letter, not at import: the first Intl formatter of a process loads ICU's
// locale and time-zone data (20-30 ms of every cold start), and most requests render no letter.
let longDate: Intl.DateTimeFormat | undefined;

/** A calendar date in UK long form: `2027-06-01` → `Tuesday 1 June 2027`. */
export function ukLongDate(date: string): string {
  // Midday UTC is the same calendar day in London whatever the season.
  longDate ??= new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  const parts = longDate.formatToParts(new Date(`${date}T12:00:00.000Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A block of the letter: a heading, paragraphs and bullet points. Values are kept
 * as plain text and escaped only when rendered as HTML.
 */
interface Block {
  heading?: string;
  paragraphs: string[];
  /** Bullet points, each with its own sub-items (e.g. the blocked addresses). */
  bullets?: Bullet[];
}

type Bullet = RestrictionBullet;

/** One restriction in plain words, with sub-items (addresses) where it lists them: its spec's wording. */
export function describeRestriction(r: Restriction, refOf: (caseId: string) => string, office?: LetterOffice): Bullet {
  return specOf(r).letter(r, refOf, office);
}

/**
 * "Our reference": the case reference (`OPCC-2026-000123`) the person can quote
 * back, never an internal id; every case the letter is about, where there are several.
 */
export function ourReference(caseIds: readonly string[], refOf: (caseId: string) => string): string {
  const refs = caseIds.map(refOf);
  return `Our reference${refs.length === 1 ? '' : 's'}: ${list(refs)}`;
}

/** The reference line and the cases the letter is about, as every letter opens. */
function referenceBlock(caseIds: readonly string[], cases: readonly { id: string; reference: string; subject: string }[]): Block {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const refOf = (id: string) => byId.get(id)?.reference ?? id;
  const caseLines = caseIds.map((id) => {
    const c = byId.get(id);
    return c ? `${c.reference}: ${c.subject}` : id;
  });
  return { paragraphs: [ourReference(caseIds, refOf), `Your case${caseLines.length === 1 ? '' : 's'}:`], bullets: caseLines.map((text) => ({ text })) };
}

/** The ways still open to raise a new matter, in words ("by telephone, by email or by post"). */
export function openWays(restrictions: readonly Restriction[]): string {
  // Closed as screening closes a channel, by each type's spec.
  const open = (channel: 'PHONE' | 'EMAIL' | 'POST') => !restrictions.some((r) => specOf(r).screening.closes(r, channel));
  const ways: string[] = [];
  if (open('PHONE')) ways.push(restrictions.some((r) => r.type === 'TELEPHONE_LIMIT') ? 'by telephone (within the limit above)' : 'by telephone');
  if (open('EMAIL')) ways.push('by email');
  if (open('POST')) ways.push('by post');
  return list(ways, 'or');
}

function blocks(input: LetterInput): Block[] {
  const { kind, strategy, cases, policyTitle } = input;
  const byId = new Map(cases.map((c) => [c.id, c]));
  const refOf = (id: string) => byId.get(id)?.reference ?? id;
  const body = LETTER_KIND_SPECS[kind].body;
  if (body.of === 'appeal-outcome') return appealOutcomeBlocks(input, refOf);
  if (body.of === 'spoc-changed') return spocChangedBlocks(input);
  // A warning has no strategy to write about: lib/app renders it with renderWarningLetter.
  if (body.of === 'warning') throw new Error(`The ${kind} letter is rendered by renderWarningLetter, not from a strategy`);
  const nextReview = ukLongDate(input.nextReviewDate ?? strategy.reviewDate);
  const restrictions = strategy.restrictions;
  const out: Block[] = [];

  out.push(referenceBlock(strategy.caseIds, cases));

  out.push({ paragraphs: body.opening(nextReview) });

  const kept = body.restrictions === 'lifted' ? undefined : body.restrictions;
  if (kept) {
    out.push({ heading: kept.whyHeading, paragraphs: strategy.reason.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) });

    out.push({
      heading: kept.meansHeading,
      paragraphs: [],
      bullets: restrictions.map((r) => describeRestriction(r, refOf, input.office)),
    });
  }

  const fresh = [
    !kept
      ? 'You can raise a new matter with us at any time.'
      : `If you want to raise a new matter with us, you can still do so ${openWays(restrictions)}. We will always consider a new matter.`,
    'Nothing in this letter affects your right to complain or your right to ask for a review.',
  ];
  if (kept && restrictions.some((r) => r.type === 'BLOCK_ADDRESSES')) {
    fresh.splice(1, 0, 'Please use an email address or telephone number that is not listed above.');
  }
  out.push({ heading: 'Raising a new matter', paragraphs: fresh });

  if (kept) {
    out.push({
      heading: 'When we will look at this again',
      paragraphs: [`We will review these arrangements by ${nextReview}. We will write to you again then to tell you what we have decided.`],
    });
  }
  if (kept?.offersAppeal && input.appealDays !== undefined) out.push(howToAppealBlock(input.issuedOn, input.appealDays));

  out.push({
    heading: 'A copy of our policy',
    paragraphs: [`A copy of our policy, "${policyTitle}", comes with this letter. It explains how and why we manage contact in this way.`],
  });
  return out;
}

// --- appeals (docs/lifecycle.md, Appeals): how to appeal, and the outcome ---------------------

/** APPEAL_OUTCOME: the outcome of the person's appeal, the reasons, and the dates the letter names. */
export interface AppealLetterFacts {
  outcome: 'UPHELD' | 'VARIED' | 'ENDED';
  reasons: string;
  /** The UK calendar day the appeal was received. */
  receivedOn: string;
}

/** The last day to appeal: `appealDays` after the letter's date (both UK calendar days). */
export function appealDeadline(issuedOn: string, appealDays: number): string {
  return addDays(issuedOn, appealDays);
}

/** IMPLEMENTED: how to ask for the decision to be looked at again, and by when. */
function howToAppealBlock(issuedOn: string, appealDays: number): Block {
  return {
    heading: 'If you disagree with our decision',
    paragraphs: [
      `You can appeal: ask us to look at our decision again. Someone who took no part in the decision will look at it. Please write to us by email or by post by ${ukLongDate(appealDeadline(issuedOn, appealDays))} (${appealDays} days from the date of this letter), saying why you think the decision is wrong.`,
      'If you write to us after that date, please tell us why you could not write sooner. We will still consider your appeal if there is a good reason.',
      'The arrangements in this letter stay in place while we look at your appeal. We will write to you to tell you what we have decided and why.',
    ],
  };
}

/** APPEAL_OUTCOME: what was decided on the appeal and why, and what it means for the person now. */
function appealOutcomeBlocks(input: LetterInput, refOf: (caseId: string) => string): Block[] {
  const { strategy, policyTitle } = input;
  const appeal = input.appeal ?? { outcome: 'UPHELD', reasons: '', receivedOn: input.issuedOn };
  const nextReview = ukLongDate(input.nextReviewDate ?? strategy.reviewDate);
  const decided = {
    UPHELD: 'We have decided to keep our decision. The contact arrangements we told you about stay as they are.',
    VARIED: 'We have decided to change your contact arrangements. The arrangements set out below replace the ones we told you about before.',
    ENDED: 'We have decided to end your contact strategy. The restrictions on your contact with us are lifted from today, and you can contact us again in the usual ways: by telephone, by email or by post.',
  }[appeal.outcome];
  const out: Block[] = [
    referenceBlock(strategy.caseIds, input.cases),
    {
      paragraphs: [
        `Thank you for your appeal, which we received on ${ukLongDate(appeal.receivedOn)}. Someone who took no part in the decision to put your contact strategy in place has looked at it again.`,
        decided,
      ],
    },
    { heading: 'Why we decided this', paragraphs: appeal.reasons.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) },
  ];
  if (appeal.outcome !== 'ENDED') {
    out.push({ heading: appeal.outcome === 'VARIED' ? 'What this means for you from now on' : 'What this means for you', paragraphs: [], bullets: strategy.restrictions.map((r) => describeRestriction(r, refOf, input.office)) });
    out.push({
      heading: 'Raising a new matter',
      paragraphs: [`If you want to raise a new matter with us, you can still do so ${openWays(strategy.restrictions)}. We will always consider a new matter.`, 'Nothing in this letter affects your right to complain or your right to ask for a review.'],
    });
    out.push({ heading: 'When we will look at this again', paragraphs: [`We will review these arrangements by ${nextReview}. We will write to you again then to tell you what we have decided.`] });
  } else {
    out.push({ heading: 'Raising a new matter', paragraphs: ['You can raise a new matter with us at any time.', 'Nothing in this letter affects your right to complain or your right to ask for a review.'] });
  }
  out.push({
    heading: 'If you are still unhappy',
    paragraphs: ['This is our final decision on your appeal. If you remain unhappy, you may be able to ask the relevant Ombudsman to look at how we have dealt with this.'],
  });
  out.push({ heading: 'A copy of our policy', paragraphs: [`A copy of our policy, "${policyTitle}", comes with this letter. It explains how and why we manage contact in this way.`] });
  return out;
}

/** SPOC_CHANGED: who the single point of contact is now and how to reach them; nothing else changes. */
function spocChangedBlocks(input: LetterInput): Block[] {
  const { strategy, policyTitle } = input;
  const spoc = spocOf(strategy.restrictions);
  const nextReview = ukLongDate(input.nextReviewDate ?? strategy.reviewDate);
  return [
    referenceBlock(strategy.caseIds, input.cases),
    {
      paragraphs: [
        spoc
          ? `We are writing to let you know that your single point of contact with us has changed. From today, ${spoc.staffName} is your single point of contact.`
          : 'We are writing to let you know that your single point of contact with us has changed.',
      ],
    },
    ...(spoc ? [{ heading: 'How to reach your single point of contact', paragraphs: [], bullets: [spocBullet(spoc.staffName, input.office)] }] : []),
    {
      heading: 'Everything else stays the same',
      paragraphs: [
        `The rest of your contact strategy has not changed. We will review it by ${nextReview}, and we will write to you again then to tell you what we have decided.`,
        'Nothing in this letter affects your right to complain or your right to ask for a review.',
      ],
    },
    { heading: 'A copy of our policy', paragraphs: [`A copy of our policy, "${policyTitle}", comes with this letter. It explains how and why we manage contact in this way.`] },
  ];
}

function addressLines(person: LetterInput['person']): string[] {
  return person.postalAddress ? [person.name, ...person.postalAddress.lines, person.postalAddress.postcode] : [];
}

/** Renders the letter of the given kind. Every user-provided value is escaped in the HTML. */
export function renderLetter(input: LetterInput): Letter {
  return layOut(LETTER_KIND_SPECS[input.kind].subject, blocks(input), input);
}

/** The letter around its body: the address, date, greeting, subject, the blocks and the signature, as text and HTML. */
function layOut(subject: string, body: Block[], input: { person: LetterInput['person']; issuedOn: string; office: Pick<LetterOffice, 'name' | 'postalAddress'> }): Letter {
  const date = ukLongDate(input.issuedOn);
  const address = addressLines(input.person);
  const sender = [input.office.name, ...input.office.postalAddress];
  const closing = ['If you have any questions about this letter, please get in touch with us.', 'Yours sincerely,'];

  const text: string[] = [];
  if (address.length) text.push(address.join('\n'), '');
  text.push(date, '', `Dear ${input.person.name},`, '', subject, '');
  for (const b of body) {
    if (b.heading) text.push(b.heading, '');
    for (const p of b.paragraphs) text.push(p, '');
    if (b.bullets?.length) {
      for (const item of b.bullets) text.push(`- ${item.text}`, ...(item.items ?? []).map((sub) => `    - ${sub}`));
      text.push('');
    }
  }
  text.push(closing[0] as string, '', closing[1] as string, ...sender);

  const e = escapeHtml;
  const html: string[] = ['<!DOCTYPE html>', '<html lang="en-GB">', '<head><meta charset="utf-8"><title>' + e(subject) + '</title></head>', '<body>'];
  if (address.length) html.push(`<p>${address.map(e).join('<br>')}</p>`);
  html.push(`<p>${e(date)}</p>`, `<p>Dear ${e(input.person.name)},</p>`, `<h1>${e(subject)}</h1>`);
  for (const b of body) {
    if (b.heading) html.push(`<h2>${e(b.heading)}</h2>`);
    for (const p of b.paragraphs) html.push(`<p>${e(p)}</p>`);
    if (b.bullets?.length) {
      const li = (item: Bullet) => `<li>${e(item.text)}${item.items?.length ? `<ul>${item.items.map((sub) => `<li>${e(sub)}</li>`).join('')}</ul>` : ''}</li>`;
      html.push(`<ul>${b.bullets.map(li).join('')}</ul>`);
    }
  }
  html.push(`<p>${e(closing[0] as string)}</p>`, `<p>${[closing[1] as string, ...sender].map(e).join('<br>')}</p>`, '</body>', '</html>');

  return { subject, text: text.join('\n'), html: html.join('\n') };
}

/**
 * The letter body for print: the address and date that head the text are drawn
 * in their own places on the page (the envelope window, under it), so they are
 * taken off the top of the flowing text.
 */
export function bodyForPrint(text: string, addressLines: string[], dateLine: string): string {
  const paragraphs = text.split('\n\n');
  if (addressLines.length && paragraphs[0] === addressLines.join('\n')) paragraphs.shift();
  if (paragraphs[0]?.trim() === dateLine) paragraphs.shift();
  return paragraphs.join('\n\n');
}

// --- the warning letter (policy 1.4: told that their behaviour is unacceptable, and why) ---


export interface WarningLetterInput {
  warning: { id: string; behaviours: readonly BehaviourCode[]; explanation: string; caseIds: string[] };
  person: { name: string; postalAddress?: { lines: string[]; postcode: string } | undefined };
  cases: { id: string; reference: string; subject: string }[];
  /** The date of the letter, YYYY-MM-DD (UK). */
  issuedOn: string;
  policyTitle: string;
  office: LetterOffice;
}

/**
 * The WARNING letter: tells the person in writing, before any restriction, that
 * their behaviour is unacceptable and why (policy 1.4; the model policies of the
 * Local Government and Social Care Ombudsman and the Parliamentary and Health
 * Service Ombudsman: tell the person first). It names each behaviour in the
 * policy's words (section 1.2) and the explanation, says what may follow (a contact
 * strategy), and that the right to complain and the right of review are not
 * affected. Pure; every user-provided value is escaped in the HTML.
 */
export function renderWarningLetter(input: WarningLetterInput): Letter {
  const { warning, cases, policyTitle } = input;
  const body: Block[] = [
    referenceBlock(warning.caseIds, cases),
    {
      paragraphs: [
        'We are writing to tell you that we consider some of your recent contact with us to be unreasonable or unacceptable, and to explain why, before we decide whether to do anything more about it.',
      ],
    },
    {
      heading: 'The behaviour that concerns us',
      paragraphs: ['Our policy describes this behaviour as:'],
      bullets: warning.behaviours.map((code) => ({ text: behaviourOf(code).wording })),
    },
    { heading: 'Why we are writing to you', paragraphs: warning.explanation.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean) },
    {
      heading: 'What may happen next',
      paragraphs: [
        'We ask you to stop this behaviour. If it continues, we may put a contact strategy in place. A contact strategy sets limits on how you can contact us, for example how often you can telephone us or that you contact us only in writing. If we decide to do that, we will write to you to explain what it means for you, why we have done it, and when we will review it.',
      ],
    },
    {
      heading: 'Your rights',
      paragraphs: [
        'You can still contact us about your cases and raise a new matter with us at any time.',
        'Nothing in this letter affects your right to complain or your right to ask for a review.',
      ],
    },
    {
      heading: 'A copy of our policy',
      paragraphs: [`A copy of our policy, "${policyTitle}", comes with this letter. It explains how and why we manage contact in this way.`],
    },
  ];
  return layOut(LETTER_KIND_SPECS.WARNING.subject, body, input);
}

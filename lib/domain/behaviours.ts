/**
 * The behaviours of policy section 1.2, in the policy's order, with its own wording.
 * The first seventeen are unreasonable persistence, the last six unacceptable
 * behaviour. Pure data and functions, no AWS.
 */

export const BEHAVIOUR_GROUPS = ['UNREASONABLE_PERSISTENCE', 'UNACCEPTABLE_BEHAVIOUR'] as const;
export type BehaviourGroup = (typeof BEHAVIOUR_GROUPS)[number];

export interface Behaviour {
  code: string;
  group: BehaviourGroup;
  /** The policy's wording (section 1.2). */
  wording: string;
}

const P = 'UNREASONABLE_PERSISTENCE' as const;
const U = 'UNACCEPTABLE_BEHAVIOUR' as const;

export const BEHAVIOURS = [
  { code: 'REFUSES_FINAL_DECISION', group: P, wording: 'Refusing to accept final decisions about a concluded review or complaint and continuing to pursue matters despite being advised of the legislated or appropriate route of challenge.' },
  { code: 'PERSISTENT_DEMANDS_FOR_UPDATES', group: P, wording: "Persistently calling, writing or emailing to demand updates or action despite being advised that matters are in hand, have been concluded or are not within the OPCC's remit to address." },
  { code: 'CONTACTS_DIFFERENT_STAFF', group: P, wording: 'Contacting different members of staff at the OPCC to try to secure a different outcome.' },
  { code: 'EXCESSIVE_DEMANDS_ON_TIME', group: P, wording: 'Making unreasonably excessive demands on the time and resources of staff, for example by excessive telephoning or emailing, writing lengthy complex letters every few days and demanding immediate responses.' },
  { code: 'REPEAT_CORRESPONDENCE_SAME_ISSUE', group: P, wording: 'Submitting repeat complaints or correspondence after proper processes have been completed and which are substantially about the same issues.' },
  { code: 'PERSISTS_WITHOUT_EVIDENCE', group: P, wording: 'Persisting with a complaint or review application despite failing or refusing to provide requested evidence to support it.' },
  { code: 'REFUSES_REMIT_EXPLANATION', group: P, wording: "Refusing to accept that issues are not within the OPCC's remit despite an explanation being provided." },
  { code: 'UNREASONABLE_RESPONSE_DEADLINES', group: P, wording: 'Repeatedly demanding responses within an unreasonable timescale.' },
  { code: 'INSISTS_ON_PARTICULAR_STAFF', group: P, wording: 'Insisting on speaking to a particular member of staff despite being advised that it is not possible or appropriate.' },
  { code: 'IGNORES_CORRECT_CHANNELS', group: P, wording: 'Not following appropriate channels for engagement, despite receiving information about the correct route to use.' },
  { code: 'DICTATES_HANDLING', group: P, wording: 'Issuing demands about how a matter should be handled, despite being advised of the correct process.' },
  { code: 'DEMANDS_SENIOR_MANAGER', group: P, wording: 'Demanding to speak to a senior manager at the outset, rather than allowing an appropriate member of the OPCC to consider the matter being raised.' },
  { code: 'UNNECESSARY_COPYING_IN', group: P, wording: 'Repeatedly copying the OPCC into emails sent to other public bodies, agencies or individuals where there is no demonstrable reason to do so.' },
  { code: 'WITHHOLDS_REQUESTED_INFORMATION', group: P, wording: 'Refusing to provide information needed to progress a matter despite the information being requested.' },
  { code: 'REFUSES_TO_STATE_PURPOSE', group: P, wording: 'Refusing to specify the purpose of correspondence despite being asked to clarify its purpose.' },
  { code: 'UNSUBSTANTIATED_STAFF_COMPLAINTS', group: P, wording: 'Making unsubstantiated complaints against staff who are dealing with ongoing matters and demanding that they are replaced.' },
  { code: 'NEW_QUESTIONS_AFTER_CONCLUSION', group: P, wording: 'Introducing irrelevant new information or raising large numbers of detailed questions after a matter has concluded and demanding that they are fully answered.' },
  { code: 'VERBAL_OR_WRITTEN_ABUSE', group: U, wording: 'Verbal or written abuse such as derogatory, discriminatory or defamatory remarks.' },
  { code: 'HARASSMENT_INTIMIDATION_OR_THREATS', group: U, wording: 'Harassment, intimidation or threats of harm to people or property.' },
  { code: 'OPPRESSIVE_OR_COERCIVE', group: U, wording: 'Oppressive or coercive behaviour.' },
  { code: 'STALKING', group: U, wording: 'Stalking whether in person or online.' },
  { code: 'ESCALATING_AGITATION', group: U, wording: 'Escalating agitation, intimidating body language or invasion of personal space.' },
  { code: 'PSYCHOLOGICAL_MANIPULATION', group: U, wording: 'Psychological manipulation.' },
] as const satisfies readonly Behaviour[];

export type BehaviourCode = (typeof BEHAVIOURS)[number]['code'];

const [FIRST_BEHAVIOUR, ...OTHER_BEHAVIOURS] = BEHAVIOURS;
/** The codes in the policy's order: what the API accepts (a non-empty list, as z.enum needs). */
export const BEHAVIOUR_CODES: readonly [BehaviourCode, ...BehaviourCode[]] = [FIRST_BEHAVIOUR.code, ...OTHER_BEHAVIOURS.map((b) => b.code)];

const byCode = new Map<string, Behaviour>(BEHAVIOURS.map((b) => [b.code, b]));

export function behaviourOf(code: BehaviourCode): Behaviour {
  return byCode.get(code) as Behaviour;
}

/** The groups an incident's behaviours fall in, in the policy's order. */
export function groupsOf(codes: readonly BehaviourCode[]): BehaviourGroup[] {
  const present = new Set(codes.map((c) => behaviourOf(c).group));
  return BEHAVIOUR_GROUPS.filter((g) => present.has(g));
}

/** Codes listed more than once (the API refuses duplicates). */
export function duplicatesIn(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const c of codes) (seen.has(c) ? dupes : seen).add(c);
  return [...dupes];
}

/**
 * Policy 1.3: threats, harassment, intimidation, stalking and escalating agitation
 * are reported to the line manager, who offers welfare support and escalates to the
 * Head of Assurance and Statutory Duties, who contacts the police.
 */
export const BEHAVIOURS_NEEDING_LINE_MANAGER: readonly BehaviourCode[] = [
  'HARASSMENT_INTIMIDATION_OR_THREATS',
  'STALKING',
  'ESCALATING_AGITATION',
];

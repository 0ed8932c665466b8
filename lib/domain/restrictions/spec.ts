/**
 * What the system knows about one type of restriction (policy 1.5), in one record:
 * the parameters the API accepts, how screening applies it, which other types it
 * contradicts, how a breach may tighten it, the letter's wording and the staff
 * title. Every module that used to switch over the types asks the record instead,
 * so a new type is one file (and its line in ./index.ts), never a hunt for lists.
 *
 * Zod is only a type here: `parameters` is handed zod by lib/schemas/restrictions.ts,
 * so a module that needs no more than the type names or the wording (the governance
 * figures, the console) does not build the schemas at cold start or bundle zod.
 */
import type * as Zod from 'zod';
import type { Id, Name, singleLineString } from '../../schemas/common.js';

/**
 * The zod functions a spec builds its parameters with. Named one by one rather than
 * the whole module: handing over zod's namespace as a value keeps all of it in every
 * bundle that builds the schemas (every locale, JSON Schema conversion: ~350 KB).
 */
export type ZodModule = Pick<typeof Zod, 'array' | 'enum' | 'number'>;

/** The API's shared field schemas (lib/schemas/common.ts), handed over with zod (see `parameters`). */
export interface SharedSchemas {
  Id: typeof Id;
  Name: typeof Name;
  /** The concluded cases a matter rule names: at least one, at most 50. */
  CaseIds: Zod.ZodArray<typeof Id>;
  /** Text on one line: no control or invisible format characters. */
  singleLineString: typeof singleLineString;
}

/** The channels screening is asked about (lib/domain/screening.ts CHANNELS). */
export type ScreenChannel = 'PHONE' | 'EMAIL' | 'POST' | 'VISIT' | 'ONLINE';

/** A restriction of type `T` with the parameters of `S`: what the API accepts and stores. */
export type RestrictionValue<T extends string, S extends Zod.ZodRawShape> = { type: T } & Zod.infer<Zod.ZodObject<S>>;

/** A bullet of the letter: a sentence and sub-items (e.g. the blocked addresses). */
export interface Bullet {
  text: string;
  items?: string[];
}

/** The office writing, as a letter gives it for the person to reach us (settings ORG_NAME, ORG_POSTAL_ADDRESS, ORG_EMAIL). */
export interface LetterOffice {
  name: string;
  postalAddress: readonly string[];
  /** The office's own mailbox for the public (email to it is screened). */
  email?: string | undefined;
}

/** What screening knows of the contact, worked out once per strategy. */
export interface ScreenFacts {
  channel: ScreenChannel;
  /** The address or number it came from, normalised. */
  from: string | undefined;
  caseId: string | undefined;
  freshMatter: boolean;
  /** The `callCounts` keys of the UK day, ISO week and month the contact falls in. */
  periodKeys: { day: string; week: string; month: string };
  callCounts: Record<string, number>;
  /** " It may be made by …": the channels the strategy leaves open, for the reasons. */
  usableText: string;
}

/** One thing a restriction says about a contact (decisions as lib/domain/screening.ts ranks them). */
export interface RestrictionFinding {
  decision: 'CHANNEL_BLOCKED' | 'LIMIT_REACHED' | 'REFUSE' | 'LOG_ONLY' | 'PROCEED_VIA_SPOC';
  reason: string;
  spoc?: { staffId: string; staffName: string };
}

/** How a restriction in force fares in a breach's adjusted set (lib/domain/tightening.ts). */
export type Verdict = { kept: false; why: string } | { kept: true; stricter: boolean };
export const gone = (why: string): Verdict => ({ kept: false, why });
export const kept = (stricter: boolean): Verdict => ({ kept: true, stricter });

/** The adjusted set as a restriction sees it: its own type's successor, and which types are there. */
export interface Successor<R> {
  same: R | undefined;
  has(type: string): boolean;
}

export interface RestrictionSpec<T extends string, S extends Zod.ZodRawShape> {
  type: T;
  /** The fields besides `type`, as a zod shape (built by lib/schemas/restrictions.ts). */
  parameters: (z: ZodModule, shared: SharedSchemas) => S;
  /** Staff's name for it (the console's editor and register) and the policy's words under it. */
  title: string;
  hint: string;
  /** The restriction on one line, in staff's words (the console's strategy, case and desk pages). */
  summary: (r: RestrictionValue<T, S>, refOf: (caseId: string) => string) => string;
  /** The restriction in the letter that tells the person (lib/domain/letter.ts); `office` says how to reach us. */
  letter: (r: RestrictionValue<T, S>, refOf: (caseId: string) => string, office?: LetterOffice) => Bullet;
  screening: {
    /** Whether it shuts a whole channel (the reasons then name the channels left). */
    closes: (r: RestrictionValue<T, S>, channel: ScreenChannel) => boolean;
    /** What it says about this contact: none, or findings screening ranks against the others. */
    findings: (r: RestrictionValue<T, S>, facts: ScreenFacts) => RestrictionFinding[];
    /** The concluded cases it limits contact about (a contact naming none of them is a fresh matter). */
    concludedCases: (r: RestrictionValue<T, S>) => readonly string[];
    /** Whether staff record a telephone call while it is in force. */
    recordsCalls: boolean;
    /** The longest a call may last, in minutes, if it says. */
    callMinutes: (r: RestrictionValue<T, S>) => number | undefined;
  };
  /** Types it cannot stand with in one strategy, and why (checked on every save). */
  contradicts: { types: readonly string[]; why: string };
  /** Policy 1.6: whether a breach adjustment keeps it at least as strict, and whether stricter. */
  tightening: (current: RestrictionValue<T, S>, next: Successor<RestrictionValue<T, S>>) => Verdict;
}

/** Declares a spec; the type parameters come from the record itself. */
export function restrictionSpec<T extends string, S extends Zod.ZodRawShape>(spec: RestrictionSpec<T, S>): RestrictionSpec<T, S> {
  return spec;
}

/** Parts most types share. */
export const none = () => [] as never[];
export const noMinutes = () => undefined;
export const closesNothing = () => false;
export const contradictsNothing = { types: [], why: '' } as const;

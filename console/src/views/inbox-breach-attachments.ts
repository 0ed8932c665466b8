/**
 * What a breach report attached, for the manager deciding on it (policy 1.6): each
 * contact (when, how it came, what it said) and each incident (when, which case, how,
 * the behaviours in the policy's words), never an id.
 */
import { get, getAll, q } from '../api.js';
import { h } from '../dom.js';
import type { Breach, Case, Contact, Incident } from '../types.js';
import { contactWords } from './inbox-breaches.js';
import { incidentWords, referencesOf } from './incident-words.js';

type Row = [string, Node];

const bullets = (items: string[]) => h('ul', { class: 'govuk-list govuk-list--bullet' }, items.map((t) => h('li', null, t)));

/** Summary-list rows naming what each breach attached (none when it attached nothing), by breach id. */
export async function breachAttachmentRows(breaches: Breach[], personOf: (b: Breach) => string, casesOf: (personId: string) => Case[]): Promise<Map<string, Row[]>> {
  // Each person's contacts are read once, however many of their breaches attach one.
  const withContacts = [...new Set(breaches.filter((b) => b.contactIds?.length).map(personOf))];
  const contactsOf = new Map(
    await Promise.all(withContacts.map(async (pid) => [pid, await getAll<Contact>(`/service-users/${q(pid)}/contacts`).catch(() => [] as Contact[])] as const)),
  );
  const incidentIds = [...new Set(breaches.flatMap((b) => b.incidentIds ?? []))];
  const incidents = new Map(
    (await Promise.all(incidentIds.map((id) => get<Incident>(`/incidents/${q(id)}`).catch(() => undefined)))).flatMap((i) => (i ? [[i.id, i] as const] : [])),
  );
  return new Map(
    breaches.map((b) => {
      const pid = personOf(b);
      const rows: Row[] = [];
      const contacts = (b.contactIds ?? []).map((id) => contactsOf.get(pid)?.find((c) => c.id === id));
      if (contacts.length) rows.push([contacts.length === 1 ? 'Contact attached' : 'Contacts attached', bullets(contacts.map((c) => (c ? `${contactWords(c)}: ${c.summary}` : 'A contact that can no longer be read')))]);
      const refOf = referencesOf(casesOf(pid));
      const attached = (b.incidentIds ?? []).map((id) => incidents.get(id));
      if (attached.length) rows.push([attached.length === 1 ? 'Incident attached' : 'Incidents attached', bullets(attached.map((i) => (i ? `${incidentWords(i, refOf)}. ${i.description}` : 'An incident that can no longer be read')))]);
      return [b.id, rows] as const;
    }),
  );
}

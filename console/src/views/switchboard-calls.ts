/**
 * The desk's list of calls screened at the switchboard in the last hour, newest
 * first, refreshing by itself. Only a call that arrived since the last refresh is
 * announced to screen readers (one polite live region), never the whole list.
 */
import { get, q, type Page } from '../api.js';
import { clear, h } from '../dom.js';
import { h2, link, p, table } from '../govuk.js';
import { decisionTitle, formatDateTime } from '../labels.js';
import type { SwitchboardCall } from '../types.js';

/** How often the list is read again while the desk is open. */
export const SWITCHBOARD_REFRESH_MS = 5_000;

const who = (c: SwitchboardCall) => (c.serviceUserId ? link(`#/people/${q(c.serviceUserId)}`, c.name ?? 'Open their record') : 'No one on record at this number: screen the caller by name');

function render(list: HTMLElement, calls: SwitchboardCall[]) {
  clear(list);
  if (calls.length === 0) {
    list.append(p('No calls in the last hour.'));
    return;
  }
  list.append(table({ caption: 'Newest first', captionSize: 's', head: ['Time', 'Caller', 'Decision'], rows: calls.map((c) => [formatDateTime(c.at), who(c), decisionTitle(c.decision)]) }));
}

/** The panel; it stops refreshing once it is no longer on the page. */
export function switchboardCalls(): HTMLElement {
  const list = h('div', { id: 'switchboard-calls-list' });
  const status = h('div', { class: 'govuk-visually-hidden', role: 'status', 'aria-live': 'polite', id: 'switchboard-calls-status' });
  const panel = h('section', { id: 'switchboard-calls', 'aria-labelledby': 'switchboard-calls-heading' }, h2('Calls at the switchboard in the last hour', { id: 'switchboard-calls-heading' }), status, list);
  let seen: Set<string> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refresh() {
    if (seen && !panel.isConnected) {
      clearInterval(timer);
      return;
    }
    let calls: SwitchboardCall[];
    try {
      calls = (await get<Page<SwitchboardCall>>('/contacts/switchboard')).items;
    } catch {
      // A failed refresh keeps what is shown; the next one tries again.
      return;
    }
    const fresh = seen ? calls.filter((c) => !seen!.has(c.contactId)) : [];
    seen = new Set(calls.map((c) => c.contactId));
    render(list, calls);
    if (fresh.length > 0) status.textContent = fresh.length === 1 ? `New call at the switchboard: ${decisionTitle(fresh[0]!.decision)}.` : `${fresh.length} new calls at the switchboard.`;
  }

  void refresh().then(() => {
    timer = setInterval(() => void refresh(), SWITCHBOARD_REFRESH_MS);
  });
  return panel;
}

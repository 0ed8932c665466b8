/** Prompts on a person's record from the API's `flags`, in words. */
import { q } from '../api.js';
import { mayRecord } from '../auth.js';
import { h } from '../dom.js';
import { link, p, warningText } from '../govuk.js';
import type { PersonRecord } from './person-edit.js';

/** Policy 1.3: repeated calls ended after a warning may lead to telephone contact being disallowed. */
export function flagPrompts(person: PersonRecord) {
  if (!person.flags?.includes('REPEATED_TERMINATED_CALLS')) return null;
  return h(
    'div',
    { id: 'terminated-calls-prompt' },
    warningText('Several calls with them have been ended after a warning in the last 90 days. Policy 1.3 says repeated instances may lead to telephone contact being disallowed.'),
    mayRecord() ? p(link(`#/strategies/new?person=${q(person.id)}`, 'Start a contact strategy'), ' to consider it, or record why one is not needed.') : null,
  );
}

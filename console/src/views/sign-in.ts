import { localSignIn, ROLE_NAMES, ROLES, startManagedLogin, type Role } from '../auth.js';
import { formValues, h, str } from '../dom.js';
import { button, heading, insetText, p, radios, showErrors, textInput, warningText } from '../govuk.js';
import { go, type View } from '../shell.js';

/** Sample staff for the local sign-in: one per role, editable so two people can share a role (four-eyes). */
const SAMPLE: Record<Role, { sub: string; name: string }> = {
  caseworker: { sub: 'cw-casey', name: 'Casey Worker' },
  'line-manager': { sub: 'lm-lee', name: 'Lee Manager' },
  'statutory-operations-manager': { sub: 'som-sam', name: 'Sam Okafor' },
  'head-of-assurance': { sub: 'hoa-hana', name: 'Hana Assure' },
  auditor: { sub: 'aud-ari', name: 'Ari Auditor' },
};

const view: View = async ({ main, config }) => {
  if (config.auth === 'cognito' && config.cognito) {
    main.append(heading('Sign in'), p('You sign in with your OPCC account.'), button('Sign in', { type: 'button', onClick: () => void startManagedLogin(config.cognito!) }));
    return 'Sign in';
  }
  const form = h('form', { novalidate: true, id: 'local-sign-in' });
  form.append(
    radios({
      name: 'role',
      legend: 'Which role do you want to sign in as?',
      legendSize: 'm',
      idPrefix: 'role',
      items: ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], checked: r === 'caseworker' })),
    }),
    textInput({ name: 'name', id: 'staff-name', label: 'Your name', hint: 'Leave blank to use a sample name for the role.', autocomplete: 'off', width: '20' }),
    textInput({ name: 'sub', id: 'staff-id', label: 'Staff id', hint: 'Two people with the same role need different ids (nobody may approve their own proposal).', autocomplete: 'off', width: '20', spellcheck: false }),
    button('Sign in', { id: 'sign-in' }),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = formValues(form);
    const role = str(v.role) as Role;
    if (!ROLES.includes(role)) return showErrors(form, [{ path: 'role', message: 'Select a role' }]);
    const sample = SAMPLE[role];
    const sub = str(v.sub) || sample.sub;
    const name = str(v.name) || sample.name;
    try {
      await localSignIn(config.apiUrl, { sub, name, email: `${sub}@opcc.localhost`, groups: [role] });
    } catch (err) {
      return showErrors(form, [{ path: 'role', message: (err as Error).message }]);
    }
    const back = sessionStorage.getItem('contact-strategy.back');
    sessionStorage.removeItem('contact-strategy.back');
    go(back && !back.includes('sign-in') ? back : '#/desk');
  });
  main.append(
    heading('Local sign-in', 'Local stack only'),
    warningText('This sign-in exists only on the local stack. It issues a test token for the role you pick. The deployed service uses OPCC single sign-on.'),
    insetText('Roles decide what you may do: only the Statutory Operations Manager decides on strategies, reviews and breaches; the auditor can only read.'),
    form,
  );
  return 'Local sign-in';
};
export default view;

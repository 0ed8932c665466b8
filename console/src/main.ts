/**
 * The staff console: a small single-page app over the HTTP API, built from
 * GOV.UK Design System components. Hash routes (`#/desk`) keep every screen's
 * address distinct from the API's own paths, which share the origin locally.
 */
import { ServiceNavigation, SkipLink, createAll } from 'govuk-frontend';
import { ApiError, setApiBase } from './api.js';
import { completeManagedLogin, hasRole, managedLogoutUrl, ROLE_NAMES, session, signOutLocally, startManagedLogin, type ConsoleConfig, type Role } from './auth.js';
import { clear, h } from './dom.js';
import { notificationBanner, p } from './govuk.js';
import { enhance, flash, go, onRerender, takeFlash, type View } from './shell.js';
import { setOffice, officeName } from './office.js';

const SERVICE = 'Contact strategy';

const NAV: { href: string; text: string; match: RegExp; roles?: Role[] }[] = [
  { href: '#/desk', text: 'Screening desk', match: /^#\/(desk|people|cases|letters)/ },
  { href: '#/my-strategies', text: 'My strategies', match: /^#\/my-strategies/ },
  { href: '#/register', text: 'Register', match: /^#\/(register|strategies)/ },
  { href: '#/inbox', text: 'Manager inbox', match: /^#\/inbox/ },
  { href: '#/print-queue', text: 'Print queue', match: /^#\/print-queue/, roles: ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance'] },
  { href: '#/unanswered', text: 'Unanswered contacts', match: /^#\/unanswered/, roles: ['line-manager', 'statutory-operations-manager'] },
  { href: '#/queues', text: 'Incident queue', match: /^#\/queues/, roles: ['line-manager', 'head-of-assurance'] },
  { href: '#/governance', text: 'Governance', match: /^#\/governance/ },
  { href: '#/retention', text: 'Retention', match: /^#\/retention/, roles: ['statutory-operations-manager', 'head-of-assurance', 'auditor'] },
];

const routes: [RegExp, () => Promise<{ default: View }> | { default: View }][] = [];
export function route(pattern: RegExp, load: () => Promise<{ default: View }> | { default: View }) {
  routes.push([pattern, load]);
}

let config: ConsoleConfig = { auth: 'local', apiUrl: '' };
let mainEl: HTMLElement;
let navList: HTMLElement;
let whoEl: HTMLElement;
let firstRender = true;

function layout(): HTMLElement {
  mainEl = h('main', { class: 'govuk-main-wrapper', id: 'main-content' });
  navList = h('ul', { class: 'govuk-service-navigation__list', id: 'navigation' });
  whoEl = h('div', { class: 'app-who govuk-body-s' });
  return h(
    'div',
    null,
    h('a', { href: '#main-content', class: 'govuk-skip-link', 'data-module': 'govuk-skip-link' }, 'Skip to main content'),
    h(
      'header',
      { class: 'govuk-header app-header', 'data-module': 'govuk-header' },
      h('div', { class: 'govuk-header__container govuk-width-container' }, h('div', { class: 'govuk-header__logo' }, h('a', { href: '#/desk', class: 'govuk-header__link govuk-header__link--homepage' }, h('span', { class: 'app-header__org' }, officeName())))),
    ),
    h(
      'section',
      { 'aria-label': 'Service information', class: 'govuk-service-navigation', 'data-module': 'govuk-service-navigation' },
      h(
        'div',
        { class: 'govuk-width-container' },
        h(
          'div',
          { class: 'govuk-service-navigation__container' },
          h('span', { class: 'govuk-service-navigation__service-name' }, h('a', { href: '#/desk', class: 'govuk-service-navigation__link' }, SERVICE)),
          h(
            'nav',
            { 'aria-label': 'Menu', class: 'govuk-service-navigation__wrapper' },
            h('button', { type: 'button', class: 'govuk-service-navigation__toggle govuk-js-service-navigation-toggle', 'aria-controls': 'navigation', hidden: true }, 'Menu'),
            navList,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'govuk-width-container' },
      config.auth === 'local'
        ? h(
            'div',
            { class: 'govuk-phase-banner' },
            h('p', { class: 'govuk-phase-banner__content' }, h('strong', { class: 'govuk-tag govuk-phase-banner__content__tag govuk-tag--orange' }, 'Local'), h('span', { class: 'govuk-phase-banner__text' }, 'This is the local stack. Sign-in is simulated and nothing here is real casework.')),
          )
        : null,
      whoEl,
      mainEl,
    ),
    h('footer', { class: 'govuk-footer' }, h('div', { class: 'govuk-width-container' }, h('div', { class: 'govuk-footer__meta' }, h('div', { class: 'govuk-footer__meta-item govuk-footer__meta-item--grow' }, h('p', { class: 'govuk-footer__meta-custom' }, `${officeName()}: managing unreasonably persistent contact and unacceptable behaviour.`))))),
  );
}

function renderChrome(hash: string) {
  const s = session();
  clear(navList);
  if (s) {
    for (const item of NAV.filter((x) => !x.roles || hasRole(...x.roles))) {
      const active = item.match.test(hash);
      navList.append(
        h(
          'li',
          { class: `govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}` },
          h('a', { class: 'govuk-service-navigation__link', href: item.href, 'aria-current': active ? 'page' : undefined }, active ? h('strong', { class: 'govuk-service-navigation__active-fallback' }, item.text) : item.text),
        ),
      );
    }
  }
  clear(whoEl);
  if (s) {
    whoEl.append(
      h('span', null, 'Signed in as ', h('strong', null, s.name), ` (${s.roles.map((r) => ROLE_NAMES[r]).join(', ') || 'no role'})`),
      ' ',
      h('button', { type: 'button', class: 'govuk-button govuk-button--secondary app-link-button', id: 'sign-out', onclick: signOut }, 'Sign out'),
    );
  }
}

function signOut() {
  signOutLocally();
  if (config.auth === 'cognito' && config.cognito) location.assign(managedLogoutUrl(config.cognito));
  else go('#/sign-in');
}

export async function render(keepFocus = false) {
  const hash = location.hash || '#/desk';
  const [path = '', search = ''] = hash.slice(1).split('?');
  const query = new URLSearchParams(search);
  if (!session() && !path.startsWith('/sign-in')) {
    if (config.auth === 'cognito' && config.cognito) return startManagedLogin(config.cognito);
    sessionStorage.setItem('contact-strategy.back', hash);
    location.replace('#/sign-in');
    return;
  }
  renderChrome(hash);
  const found = routes.map(([re, load]) => ({ m: re.exec(path), load })).find((r) => r.m);
  const content = h('div', null);
  let title = 'Page not found';
  try {
    if (!found) {
      content.append(h('h1', { class: 'govuk-heading-l', tabindex: '-1', id: 'page-heading' }, 'Page not found'), p('Check the address, or go to the ', h('a', { class: 'govuk-link', href: '#/desk' }, 'screening desk'), '.'));
    } else {
      const view = (await found.load()).default;
      title = await view({ main: content, params: (found.m as RegExpExecArray).slice(1), query, config });
    }
  } catch (err) {
    title = 'Sorry, there is a problem';
    clear(content);
    content.append(h('h1', { class: 'govuk-heading-l', tabindex: '-1', id: 'page-heading' }, err instanceof ApiError && err.problem.status === 404 ? 'Not found' : 'Sorry, there is a problem'), p(err instanceof Error ? err.message : String(err)));
  }
  clear(mainEl);
  const banner = takeFlash();
  if (banner) mainEl.append(notificationBanner({ success: true, heading: banner.heading, body: banner.body, id: 'flash' }));
  mainEl.append(...content.childNodes);
  enhance(mainEl);
  document.title = `${title} – ${SERVICE}`;
  // A new screen: move focus to its heading (or the success banner) so screen
  // readers announce it, as a full page load would.
  // The desk's search box (marked data-autofocus) takes focus even on first load:
  // every call starts there.
  if (!keepFocus) {
    const auto = mainEl.querySelector<HTMLElement>('[data-autofocus]');
    const target = document.getElementById('flash') ?? auto ?? (firstRender ? null : document.getElementById('page-heading'));
    target?.focus();
  }
  if (!keepFocus) window.scrollTo(0, 0);
  firstRender = false;
}

async function boot() {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    if (res.ok) config = (await res.json()) as ConsoleConfig;
  } catch {
    // the local defaults stand
  }
  setApiBase(config.apiUrl);
  setOffice(config);
  if (config.auth === 'cognito' && config.cognito) {
    const back = await completeManagedLogin(config.cognito).catch(() => undefined);
    if (back) history.replaceState(null, '', back);
  }
  const root = document.getElementById('app') as HTMLElement;
  root.replaceChildren(layout());
  createAll(SkipLink, undefined, root);
  createAll(ServiceNavigation, undefined, root);
  onRerender(() => void render());
  window.addEventListener('hashchange', () => void render());
  window.addEventListener('console:signed-out', () => {
    signOutLocally();
    flash('Your session has ended', 'Sign in again to carry on.');
    go('#/sign-in');
  });
  await render();
}

route(/^\/sign-in$/, () => import('./views/sign-in.js'));
route(/^\/desk$/, () => import('./views/desk.js'));
route(/^\/people\/([^/]+)$/, () => import('./views/person.js'));
route(/^\/people\/([^/]+)\/export$/, () => import('./views/person-export.js'));
route(/^\/cases\/([^/]+)$/, () => import('./views/case.js'));
route(/^\/letters\/([^/]+)$/, () => import('./views/letter.js'));
route(/^\/strategies\/new$/, () => import('./views/strategy.js'));
route(/^\/strategies\/([^/]+)(?:\/([a-z-]+))?$/, () => import('./views/strategy.js'));
route(/^\/inbox$/, () => import('./views/inbox.js'));
route(/^\/print-queue$/, () => import('./views/print-queue.js'));
route(/^\/unanswered$/, () => import('./views/unanswered.js'));
route(/^\/queues$/, () => import('./views/queues.js'));
route(/^\/register$/, () => import('./views/register.js'));
route(/^\/my-strategies$/, () => import('./views/spoc.js'));
route(/^\/governance$/, () => import('./views/governance.js'));
route(/^\/retention$/, () => import('./views/retention.js'));
route(/^\/?$/, () => import('./views/desk.js'));

void boot();

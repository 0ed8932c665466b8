/**
 * What the console's shell offers its screens: the View contract, a success
 * banner for the next screen, navigation and govuk-frontend's JS. main.ts owns
 * the layout and the routes (it loads every view); views import this module,
 * never main.ts, so main.ts and the views do not import each other.
 */
import { Button, Checkboxes, Radios, createAll } from 'govuk-frontend';
import type { ConsoleConfig } from './auth.js';
import type { Child } from './dom.js';

export interface ViewContext {
  main: HTMLElement;
  params: string[];
  query: URLSearchParams;
  config: ConsoleConfig;
}
/** A view renders into `main` and returns the page title. */
export type View = (ctx: ViewContext) => Promise<string>;

export interface Flash {
  heading: string;
  body?: Child;
}
let flashMessage: Flash | undefined;
/** A success banner shown on the next screen (after an action that moves on). */
export function flash(heading: string, body?: Child) {
  flashMessage = { heading, body };
}
/** The banner for the screen being rendered, once. */
export function takeFlash(): Flash | undefined {
  const message = flashMessage;
  flashMessage = undefined;
  return message;
}

// Set by main.ts: going to the address already shown fires no hashchange.
let rerender: () => void = () => {};
export function onRerender(render: () => void) {
  rerender = render;
}

export function go(hash: string) {
  if (location.hash === hash) rerender();
  else location.hash = hash;
}

/** Initialises govuk-frontend's JS on freshly rendered markup. */
export function enhance(scope: HTMLElement) {
  createAll(Radios, undefined, scope);
  createAll(Checkboxes, undefined, scope);
  createAll(Button, undefined, scope);
}

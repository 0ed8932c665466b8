declare module 'govuk-frontend' {
  type Component = abstract new (...args: never[]) => unknown;
  export const Button: Component;
  export const Checkboxes: Component;
  export const Radios: Component;
  export const ServiceNavigation: Component;
  export const SkipLink: Component;
  export function createAll(component: Component, config?: unknown, scope?: Element | Document): unknown[];
}

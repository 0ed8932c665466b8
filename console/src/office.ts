/**
 * The office the console works for, from its config.json (settings ORG_NAME and
 * POLICE_FORCE_NAME; see local/console.ts and infra/constructs/console.ts). No
 * office is named in the code: without the settings the words are generic.
 */
let current = { name: 'Office of the Police and Crime Commissioner', policeForce: 'the police' };

export function setOffice(config: { orgName?: string; policeForceName?: string }): void {
  current = { name: config.orgName?.trim() || current.name, policeForce: config.policeForceName?.trim() || current.policeForce };
}

/** The office's name, e.g. in the header and footer. */
export const officeName = (): string => current.name;
/** The police force incidents are reported to (policy 1.3). */
export const policeForceName = (): string => current.policeForce;

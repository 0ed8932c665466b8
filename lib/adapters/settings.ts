import type { FunctionSpec } from '../functions-manifest.js';

/**
 * The settings that wire each port's AWS adapter to its resource. They have no
 * default: an adapter is built only with all of its settings (lib/wiring.ts), and
 * infra gives each function exactly the settings of the ports its manifest access
 * grants. Pure data, so infra can read it without loading the configuration.
 */
export const PORT_SETTINGS = {
  mailer: ['FROM_EMAIL', 'SES_CONFIGURATION_SET'],
  postQueue: ['POST_QUEUE_URL'],
  postPacks: ['POST_PACK_BUCKET'],
  policyDocuments: ['POST_PACK_BUCKET', 'POLICY_DOCUMENT_KEY'],
  workflowEngine: ['STATE_MACHINE_ARN'],
  inboundMessages: ['INBOUND_EMAIL_BUCKET'],
  disposalQueue: ['DISPOSAL_QUEUE_URL'],
  disposableObjects: ['POST_PACK_BUCKET'],
  clock: [],
} as const satisfies Record<string, readonly string[]>;

export type PortName = keyof typeof PORT_SETTINGS;
export type WiringSetting = (typeof PORT_SETTINGS)[PortName][number];

/** The ports a function may use: those its manifest access lets it reach (and IAM grants). */
export function portsOf(access: FunctionSpec['access']): PortName[] {
  return [
    ...(access.sendEmail ? (['mailer'] as const) : []),
    ...(access.sendPost ? (['postQueue'] as const) : []),
    // Reading a stored pack (the post-queue consumer) needs the store; only rendering letters needs the policy.
    ...(access.postPacks ? (['postPacks'] as const) : []),
    ...(access.postPacks === 'RW' || access.policyDocument ? (['policyDocuments'] as const) : []),
    ...(access.workflow?.length ? (['workflowEngine'] as const) : []),
    ...(access.inboundEmail ? (['inboundMessages'] as const) : []),
    ...(access.disposal === 'start' ? (['disposalQueue'] as const) : []),
    ...(access.disposal === 'carry-out' ? (['disposableObjects'] as const) : []),
  ];
}

/** Every wiring setting the ports of `access` need, once each. */
export function wiringSettingsOf(access: FunctionSpec['access']): WiringSetting[] {
  return [...new Set(portsOf(access).flatMap((p): readonly WiringSetting[] => PORT_SETTINGS[p]))];
}

/** Where SES email receiving stores each message in its bucket: `<prefix><SES message id>` (infra writes it there, the function reads it). */
export const INBOUND_EMAIL_PREFIX = 'inbound/';

import { s3 } from './clients/s3.js';
import { config, notifyApiKeySource, wiringSetting } from './config.js';
import { inHousePrint } from './adapters/in-house-print.js';
import { notifyPrintAndPost } from './adapters/notify-print.js';
import { pdfLibLetters } from './adapters/pdf-lib-letters.js';
import { s3PolicyDocument } from './adapters/s3-policy-document.js';
import { s3InboundMessages } from './adapters/s3-inbound-messages.js';
import { s3PostPacks } from './adapters/s3-post-packs.js';
import { s3DisposableObjects } from './adapters/s3-disposable-objects.js';
import { sqsDisposalQueue } from './adapters/sqs-disposal-queue.js';
import { sesMailer } from './adapters/ses-mailer.js';
import { sqsPostQueue } from './adapters/sqs-post-queue.js';
import { stepFunctionsEngine } from './adapters/step-functions.js';
import { systemClock } from './adapters/system-clock.js';
import type { Clock } from './ports/clock.js';
import type { DisposableObjects, DisposalQueue } from './ports/disposal.js';
import type { InboundMessageStore } from './ports/inbound-messages.js';
import type { LetterPdfs } from './ports/letter-pdfs.js';
import type { Mailer } from './ports/mailer.js';
import type { PolicyDocumentSource } from './ports/policy-document.js';
import type { PostPackStore } from './ports/post-packs.js';
import type { PostQueue } from './ports/post-queue.js';
import type { PrintAndPost } from './ports/print-and-post.js';
import type { WorkflowEngine } from './ports/workflow-engine.js';

/**
 * The composition root: the one place that chooses the adapter behind each port.
 * Each accessor returns the adapter installed for it (the local stack's, a test's),
 * else builds the AWS one once, from its wiring settings, failing with the name of
 * a setting that is missing.
 *
 * One accessor per port, each naming only its own adapter, so a bundled function
 * carries only the SDK clients of the ports it uses (the rest is tree-shaken).
 */
export interface Adapters {
  mailer: Mailer;
  postQueue: PostQueue;
  postPacks: PostPackStore;
  policyDocuments: PolicyDocumentSource;
  workflowEngine: WorkflowEngine;
  inboundMessages: InboundMessageStore;
  disposalQueue: DisposalQueue;
  disposableObjects: DisposableObjects;
  printAndPost: PrintAndPost;
  letterPdfs: LetterPdfs;
  clock: Clock;
}

const installed: Partial<Adapters> = {};

/** Installs adapters in place of the AWS ones: the local stack does, before any handler is imported, and so do tests. */
export function installAdapters(adapters: Partial<Adapters>): void {
  Object.assign(installed, adapters);
}

export function mailer(): Mailer {
  return (installed.mailer ??= sesMailer({ from: wiringSetting('FROM_EMAIL'), configurationSet: wiringSetting('SES_CONFIGURATION_SET'), region: config.AWS_REGION }));
}

export function postQueue(): PostQueue {
  return (installed.postQueue ??= sqsPostQueue({ queueUrl: wiringSetting('POST_QUEUE_URL'), region: config.AWS_REGION }));
}

export function postPacks(): PostPackStore {
  return (installed.postPacks ??= s3PostPacks({ bucket: wiringSetting('POST_PACK_BUCKET'), s3: s3() }));
}

export function policyDocuments(): PolicyDocumentSource {
  return (installed.policyDocuments ??= s3PolicyDocument({ bucket: wiringSetting('POST_PACK_BUCKET'), key: wiringSetting('POLICY_DOCUMENT_KEY'), s3: s3() }));
}

export function workflowEngine(): WorkflowEngine {
  return (installed.workflowEngine ??= stepFunctionsEngine({ stateMachineArn: wiringSetting('STATE_MACHINE_ARN'), region: config.AWS_REGION }));
}

export function inboundMessages(): InboundMessageStore {
  return (installed.inboundMessages ??= s3InboundMessages({ bucket: wiringSetting('INBOUND_EMAIL_BUCKET'), s3: s3() }));
}

export function disposalQueue(): DisposalQueue {
  return (installed.disposalQueue ??= sqsDisposalQueue({ queueUrl: wiringSetting('DISPOSAL_QUEUE_URL'), region: config.AWS_REGION }));
}

export function disposableObjects(): DisposableObjects {
  return (installed.disposableObjects ??= s3DisposableObjects({ bucket: wiringSetting('POST_PACK_BUCKET'), s3: s3() }));
}

/** How posted letters leave the building (POST_PROVIDER): the office's print queue, or GOV.UK Notify. */
export function printAndPost(): PrintAndPost {
  if (installed.printAndPost) return installed.printAndPost;
  if (config.POST_PROVIDER === 'IN_HOUSE') return (installed.printAndPost = inHousePrint);
  const source = notifyApiKeySource();
  // The secret is read once per container, when the first letter needs it.
  const apiKey = 'key' in source ? () => Promise.resolve(source.key) : () => import('./adapters/secrets-manager-key.js').then((m) => m.readSecretOnce(source.secretName));
  return (installed.printAndPost = notifyPrintAndPost({ baseUrl: config.NOTIFY_BASE_URL, apiKey, postage: config.NOTIFY_POSTAGE }));
}

/** Print-ready PDFs of letters and post packs (pdf-lib, loaded when first asked for). */
export function letterPdfs(): LetterPdfs {
  return (installed.letterPdfs ??= pdfLibLetters);
}

export function clock(): Clock {
  return (installed.clock ??= systemClock);
}

/**
 * Builds the given ports now. Each function entry point calls it at module load
 * with the ports it uses, so a missing setting fails the cold start, naming it,
 * rather than the first request that needs it.
 */
export function buildAtColdStart(...ports: Array<() => unknown>): void {
  for (const port of ports) port();
}

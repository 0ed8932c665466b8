import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { lambdaContext, type LocalResponse, type LocalRoute } from './server.js';

/**
 * The switchboard, locally: Amazon Connect stand-ins that invoke the very handlers
 * CDK deploys with Connect's own event shapes. `POST /local/connect/call` is a
 * call coming in (the contact flow's "Invoke AWS Lambda function" block) and
 * answers what the flow would get; `POST /local/connect/disconnect` is the caller
 * hanging up (the `DISCONNECTED` contact event that EventBridge delivers).
 */
const CallBody = z.object({
  /** The caller's number as Connect would give it; `anonymous` or empty when withheld. */
  from: z.string().max(320, 'must be at most 320 characters'),
  contactId: z.string().regex(/^[A-Za-z0-9-]{1,256}$/, 'must be letters, digits and dashes (a Connect contact id)').optional(),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' }).optional(),
});

const DisconnectBody = z.object({
  contactId: z.string().regex(/^[A-Za-z0-9-]{1,256}$/, 'must be letters, digits and dashes (a Connect contact id)'),
  durationSeconds: z.number().int('must be whole seconds').min(0, 'must not be negative').max(24 * 60 * 60, 'must be at most a day'),
});

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:000000000000:instance/00000000-0000-0000-0000-000000000000';

const problem = (status: 400 | 404 | 422, detail: string, errors: { path: string; message: string }[]): LocalResponse => ({
  status,
  body: { type: `https://contact-strategy.opcc/problems/${status}`, title: { 400: 'Bad Request', 404: 'Not Found', 422: 'Unprocessable Content' }[status], status, detail, errors },
});

function parseBody<T>(schema: z.ZodType<T>, body: string): { data: T } | { problem: LocalResponse } {
  let json: unknown;
  try {
    json = JSON.parse(body || '{}');
  } catch {
    return { problem: problem(400, 'The request body is not JSON.', [{ path: '(body)', message: 'not JSON' }]) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { data: parsed.data };
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  return { problem: problem(422, `Invalid: ${errors.map((e) => e.path).join(', ')}`, errors) };
}

/** Connect's contact flow event for an inbound voice call (as the Lambda developer guide shows it). */
export function connectFlowEvent(call: { contactId: string; from: string; at: string }) {
  return {
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: call.contactId,
        CustomerEndpoint: { Address: call.from, Type: 'TELEPHONE_NUMBER' },
        InitialContactId: call.contactId,
        InitiationMethod: 'INBOUND',
        InitiationTimestamp: call.at,
        InstanceARN: INSTANCE_ARN,
        PreviousContactId: call.contactId,
        Queue: null,
        SystemEndpoint: { Address: '+441482000000', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: {},
    },
    Name: 'ContactFlowEvent',
  };
}

/** Connect's `DISCONNECTED` contact event as EventBridge delivers it. */
export function disconnectedEvent(e: { contactId: string; initiatedAt: string; disconnectedAt: string }) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '000000000000',
    time: e.disconnectedAt,
    region: 'eu-west-2',
    resources: [`${INSTANCE_ARN}/contact/${e.contactId}`],
    detail: {
      eventType: 'DISCONNECTED',
      contactId: e.contactId,
      channel: 'VOICE',
      instanceArn: INSTANCE_ARN,
      initiationMethod: 'INBOUND',
      initiationTimestamp: e.initiatedAt,
      disconnectTimestamp: e.disconnectedAt,
    },
  };
}

/** The local-only routes; `now` is the stack's movable clock. */
export function connectRoutes(now: () => Date): Record<string, LocalRoute> {
  return {
    'POST /local/connect/call': async (req) => {
      const body = parseBody(CallBody, req.body);
      if ('problem' in body) return body.problem;
      const { handler } = await import('../functions/connect-screen.js');
      const event = connectFlowEvent({ contactId: body.data.contactId ?? randomUUID(), from: body.data.from, at: new Date(body.data.at ?? now()).toISOString() });
      return { status: 200, body: await handler(event, lambdaContext('connect-screen')) };
    },
    'POST /local/connect/disconnect': async (req) => {
      const body = parseBody(DisconnectBody, req.body);
      if ('problem' in body) return body.problem;
      const [{ switchboardCall }, { handler }] = await Promise.all([import('../lib/store/switchboard.js'), import('../functions/connect-contact-events.js')]);
      const call = await switchboardCall(body.data.contactId);
      if (!call) return problem(404, `No call ${body.data.contactId} was screened at the switchboard.`, [{ path: 'contactId', message: 'no such call' }]);
      const disconnectedAt = new Date(Date.parse(call.at) + body.data.durationSeconds * 1000).toISOString();
      return { status: 200, body: await handler(disconnectedEvent({ contactId: call.connectContactId, initiatedAt: call.at, disconnectedAt }), lambdaContext('connect-contact-events')) };
    },
  };
}

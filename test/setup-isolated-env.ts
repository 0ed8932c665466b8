// Unit and infra tests run in workers that may be started after the integration
// tier's global setup has pointed this process at the local stack: undo that, so
// they see the environment of a deployed function (and mocked clients) whatever
// runs beside them.
delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
delete process.env.AWS_ENDPOINT_URL_SESV2;
// The wiring settings infra gives a function; the clients they name are mocked.
Object.assign(process.env, {
  FROM_EMAIL: 'no-reply@opcc.localhost',
  SES_CONFIGURATION_SET: 'contact-strategy-test',
  POST_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/post-queue',
  DISPOSAL_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/disposal-queue',
  POST_PACK_BUCKET: 'contact-strategy-post-packs-test',
  POLICY_DOCUMENT_KEY: 'policy/contact-policy.pdf',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:strategy-lifecycle',
  INBOUND_EMAIL_BUCKET: 'contact-strategy-inbound-email-test',
});

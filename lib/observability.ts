import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one place for observability. Log entries carry ids and outcomes only:
 * never names, addresses, free text or task tokens (UK GDPR, and tokens are bearer
 * secrets). Metrics live in `./metrics.ts` so that only the functions that publish
 * them bundle the metrics library. Tracing is X-Ray active tracing on every
 * function (set in CDK); no Powertools Tracer, which added ~110 KB and init time
 * to every bundle without anything calling it.
 */
export const serviceName = 'contact-strategy';
export const logger = new Logger({ serviceName });

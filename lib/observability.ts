import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one place for observability. Log entries carry ids and outcomes only:
 * never names, addresses, free text or task tokens (UK GDPR, and tokens are bearer secrets).
 */
export const serviceName = 'contact-strategy';
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'ContactStrategy' });
export const tracer = new Tracer({ serviceName, enabled: process.env.POWERTOOLS_TRACE_ENABLED !== 'false' && !!process.env.AWS_LAMBDA_FUNCTION_NAME });

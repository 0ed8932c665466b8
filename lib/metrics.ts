import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceName } from './observability.js';

/** CloudWatch EMF metrics, for the functions that publish business figures. */
export const metrics = new Metrics({ serviceName, namespace: 'ContactStrategy' });

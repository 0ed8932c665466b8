import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../config.js';

/** SES v2; locally aws-ses-v2-local on loopback. */
export const ses = new SESv2Client({
  region: config.AWS_REGION,
  ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../config.js';

export const sfn = new SFNClient({ region: config.AWS_REGION });

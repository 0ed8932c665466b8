import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from './config.js';

/** AWS clients, made once per execution environment and reused across invocations. */
const localCredentials = config.LOCAL_STACK === 'true' ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;

export const dynamodb = new DynamoDBClient({
  region: config.AWS_REGION,
  ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localCredentials ?? { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

export const doc = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const ses = new SESv2Client({
  region: config.AWS_REGION,
  ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT, credentials: localCredentials ?? { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

export const sqs = new SQSClient({ region: config.AWS_REGION });
export const s3 = new S3Client({ region: config.AWS_REGION });
export const sfn = new SFNClient({ region: config.AWS_REGION });

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';

/**
 * The table's client, made once per execution environment and reused across
 * invocations. Locally the SDK's own AWS_ENDPOINT_URL_DYNAMODB points it at
 * DynamoDB Local (local/stack.ts sets it).
 */
export const dynamodb = new DynamoDBClient({ region: config.AWS_REGION });

export const doc = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

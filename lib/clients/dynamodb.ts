import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';

/**
 * The table's client, made once per execution environment and reused across
 * invocations. The SDK's own AWS_ENDPOINT_URL_DYNAMODB can point it elsewhere
 * (the local stack points it at DynamoDB Local).
 */
export const dynamodb = new DynamoDBClient({ region: config.AWS_REGION });

export const doc = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

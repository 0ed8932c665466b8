import type { APIGatewayProxyResult } from 'aws-lambda';
import document from '../openapi.json';

const body = JSON.stringify(document);

/** `GET /openapi.json`: the document generated from the handlers' schemas (`npm run openapi`). */
export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body,
});

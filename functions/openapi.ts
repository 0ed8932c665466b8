import type { APIGatewayProxyResult } from 'aws-lambda';
import document from '../openapi.json';

const body = JSON.stringify(document);

/**
 * `GET /openapi.json`: the document generated from the handlers' schemas (`npm run openapi`).
 * Like every API answer it is `Cache-Control: no-store` (docs/data-safety.md: no exception for this one);
 * spelled out rather than imported from lib/http.ts, which would bring middy and the logger into this bundle.
 */
export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body,
});

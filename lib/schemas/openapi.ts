import * as z from 'zod';

/** `GET /openapi.json`: this document (OpenAPI 3.1), generated from the route table and the schemas. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string().describe('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({}))),
  components: z.looseObject({}),
});

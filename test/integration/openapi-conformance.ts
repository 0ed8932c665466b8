import { appendFileSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { matchRoute } from '../../lib/routes.js';
import { KEY_ATTRIBUTES } from '../../lib/store/table.js';

/**
 * Every answer the integration suite receives, checked against openapi.json: the
 * route must document the status, the answer's media type must be the documented
 * one, and a JSON body must match the documented schema (JSON Schema 2020-12, which
 * OpenAPI 3.1 uses, by Ajv). `violations` names the route, the status and the path.
 * Resources are loose objects (a later release may add fields), so a field the store
 * keeps for itself would pass the schema: a table key attribute anywhere in a JSON
 * answer is a violation of its own.
 */

interface Media { schema?: Record<string, unknown> }
interface Response { content?: Record<string, Media>; $ref?: string }
interface Operation { responses: Record<string, Response> }
interface Doc { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Record<string, unknown>>; responses?: Record<string, Response> } }

const doc = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as Doc;

// Not strict: OpenAPI allows keywords JSON Schema validators do not know (`format: binary`, descriptions of parameters).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
// The document's shared schemas, reachable by `#/components/schemas/...` from any response.
ajv.addSchema({ $id: 'openapi.json', components: doc.components } as Record<string, unknown>);

/** Compiled once per distinct schema (every problem shares one), the first time an answer needs it. */
const compiled = new Map<string, ValidateFunction>();
const bySchema = new WeakMap<object, ValidateFunction>();
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let v = bySchema.get(schema);
  if (v) return v;
  const text = JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/');
  v = compiled.get(text) ?? ajv.compile(JSON.parse(text) as Record<string, unknown>);
  compiled.set(text, v);
  bySchema.set(schema, v);
  return v;
}

export interface Exchange {
  method: string;
  /** The path and query as requested. */
  url: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

/** What in one answer disagrees with openapi.json; empty when it conforms, or when the route is not the API's (local routes, unknown paths). */
export function violations(x: Exchange): string[] {
  const pathname = new URL(x.url, 'http://local').pathname;
  const match = matchRoute(x.method, pathname);
  if (!match || 'methodMismatch' in match) return [];
  const where = `${x.method} ${match.route.path} answered ${x.status} (request ${x.method} ${pathname})`;
  const op = doc.paths[match.route.path]?.[x.method.toLowerCase()];
  if (!op) return [`${where}: the route is not in openapi.json`];
  const listed = op.responses[String(x.status)];
  // A shared response (every problem is one) is named by reference.
  const documented = listed?.$ref ? doc.components.responses?.[listed.$ref.replace('#/components/responses/', '')] : listed;
  if (!documented) return [`${where}: openapi.json documents only ${Object.keys(op.responses).join(', ')}`];
  if (process.env.OPENAPI_OBSERVED_FILE) appendFileSync(process.env.OPENAPI_OBSERVED_FILE, `${x.method} ${match.route.path} ${x.status}\n`);
  const content = documented.content ?? {};
  const mediaType = (x.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const media = content[mediaType];
  if (!media) return [`${where}: answered ${mediaType || 'no content type'}, documented ${Object.keys(content).join(', ') || 'no content'}`];
  if (!mediaType.endsWith('json') || !media.schema) return [];
  const validate = validatorFor(media.schema);
  const leaks = keyAttributesIn(x.body).map((at) => `${where}: body${at} is a table key attribute, internal to the store`);
  if (validate(x.body)) return leaks;
  return [...(validate.errors ?? []).map((e) => `${where}: body${e.instancePath || ''} ${e.message ?? 'does not match'} (schema ${e.schemaPath})`), ...leaks];
}

const KEYS: ReadonlySet<string> = new Set(KEY_ATTRIBUTES);

/** Where a table key attribute (`pk`, `sk`, `gsi1pk`, ..., `ttl`, `entity`) appears in a body, as JSON pointers. */
function keyAttributesIn(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyAttributesIn(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(KEYS.has(k) ? [`${at}/${k}`] : []), ...keyAttributesIn(v, `${at}/${k}`)]);
}

/** Throws naming every violation of one answer, so the test that made the request fails there. */
export function assertConforms(x: Exchange): void {
  const found = violations(x);
  if (found.length > 0) throw new Error(`The answer disagrees with openapi.json:\n${found.join('\n')}`);
}

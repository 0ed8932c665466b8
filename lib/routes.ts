/**
 * Every API route and the Lambda that serves it. CDK builds API Gateway from this
 * list and the local server dispatches from it, so there is exactly one
 * implementation of each route.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  /** The handler module, `functions/<fn>.ts`. */
  fn: ApiFunction;
  /** False only for documents anyone may read (the OpenAPI document). */
  auth?: boolean;
}

export const API_FUNCTIONS = [
  'service-users',
  'cases',
  'contacts',
  'screen-contact',
  'incidents',
  'strategies',
  'reviews',
  'breaches',
  'openapi',
  'governance',
] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export const ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/service-users', fn: 'service-users' },
  { method: 'GET', path: '/service-users', fn: 'service-users' },
  { method: 'GET', path: '/service-users/{id}', fn: 'service-users' },
  { method: 'PATCH', path: '/service-users/{id}', fn: 'service-users' },
  { method: 'GET', path: '/service-users/{id}/cases', fn: 'service-users' },
  { method: 'GET', path: '/service-users/{id}/strategies', fn: 'service-users' },
  { method: 'GET', path: '/service-users/{id}/export', fn: 'service-users' },

  { method: 'POST', path: '/cases', fn: 'cases' },
  { method: 'GET', path: '/cases', fn: 'cases' },
  { method: 'GET', path: '/cases/{id}', fn: 'cases' },
  { method: 'POST', path: '/cases/{id}/conclude', fn: 'cases' },
  { method: 'GET', path: '/cases/{id}/timeline', fn: 'cases' },

  { method: 'POST', path: '/cases/{id}/contacts', fn: 'contacts' },
  { method: 'GET', path: '/cases/{id}/contacts', fn: 'contacts' },
  { method: 'GET', path: '/service-users/{id}/contacts', fn: 'contacts' },
  { method: 'POST', path: '/contacts/screen', fn: 'screen-contact' },

  { method: 'POST', path: '/cases/{id}/incidents', fn: 'incidents' },
  { method: 'GET', path: '/cases/{id}/incidents', fn: 'incidents' },
  { method: 'GET', path: '/incidents/{id}', fn: 'incidents' },
  { method: 'POST', path: '/incidents/{id}/escalate', fn: 'incidents' },
  { method: 'POST', path: '/incidents/{id}/police-referral', fn: 'incidents' },

  { method: 'POST', path: '/strategies', fn: 'strategies' },
  { method: 'GET', path: '/strategies', fn: 'strategies' },
  { method: 'GET', path: '/strategies/{id}', fn: 'strategies' },
  { method: 'PATCH', path: '/strategies/{id}', fn: 'strategies' },
  { method: 'POST', path: '/strategies/{id}/submit', fn: 'strategies' },
  { method: 'POST', path: '/strategies/{id}/decision', fn: 'strategies' },
  { method: 'GET', path: '/strategies/{id}/letter', fn: 'strategies' },
  { method: 'POST', path: '/strategies/{id}/review', fn: 'reviews' },
  { method: 'GET', path: '/reviews/due', fn: 'reviews' },

  { method: 'POST', path: '/strategies/{id}/breaches', fn: 'breaches' },
  { method: 'GET', path: '/strategies/{id}/breaches', fn: 'breaches' },
  { method: 'GET', path: '/breaches', fn: 'breaches' },
  { method: 'GET', path: '/breaches/{id}', fn: 'breaches' },
  { method: 'POST', path: '/breaches/{id}/decision', fn: 'breaches' },

  { method: 'GET', path: '/governance/figures', fn: 'governance' },

  { method: 'GET', path: '/openapi.json', fn: 'openapi', auth: false },
];

/** Matches a concrete path to a route template, returning its path parameters. */
export function matchRoute(method: string, path: string): { route: RouteSpec; params: Record<string, string> } | { methodMismatch: true } | undefined {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of ROUTES) {
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((t, i) => {
      const seg = segments[i] as string;
      if (t.startsWith('{') && t.endsWith('}')) {
        params[t.slice(1, -1)] = decodeURIComponent(seg);
        return true;
      }
      return t === seg;
    });
    if (!matches) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? { methodMismatch: true } : undefined;
}

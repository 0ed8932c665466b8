/**
 * The layering, checked by `npm run lint:deps` (part of `npm test`):
 *   lib/domain   pure policy, on the contract vocabulary (lib/schemas) and zod only
 *   lib/app      use cases: load through lib/store, decide with lib/domain, act through lib/ports
 *   lib/adapters the AWS implementations of the ports, chosen in lib/wiring.ts
 *   functions/   Lambda entry points over lib/; local/ the local stack; console/ a browser app
 * Rules that name a folder not written yet (lib/app, lib/ports, lib/adapters, lib/wiring.ts)
 * pass until it exists.
 *
 * Paths are relative to the repository root: an npm package is matched by its file under
 * node_modules/, a Node built-in by its bare name (`fs`, `node:fs`).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means neither module can be understood, tested or loaded without the other, ' +
        'and load order decides which sees the other half-initialised. Type-only imports count: ' +
        'they still tie the two files together. Everywhere: lib, functions, local, infra, console, tests.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'lib/domain holds the policy decisions as pure functions, unit tested without AWS, the local ' +
        'stack or a clock. It may use only other domain modules, the contract vocabulary (lib/schemas) ' +
        'and zod. No Node built-ins either: the console runs some of it in the browser.',
      from: { path: '^lib/domain/' },
      to: { pathNot: '^(lib/domain/|lib/schemas/|node_modules/zod/)' },
    },
    {
      name: 'schemas-are-vocabulary',
      severity: 'error',
      comment:
        'lib/schemas is the HTTP contract vocabulary (zod schemas and their types) that the domain ' +
        'and the console build on; if it reached further, domain-is-pure would mean nothing. ' +
        'It may use only itself, lib/domain (for the policy constants it validates) and zod.',
      from: { path: '^lib/schemas/' },
      to: { pathNot: '^(lib/domain/|lib/schemas/|node_modules/zod/)' },
    },
    {
      name: 'lib-not-local',
      severity: 'error',
      comment:
        'Production code must not know the local stack: the local adapters live in local/ and are ' +
        'installed through lib/wiring.ts (installAdapters) before handlers load.',
      from: { path: '^lib/' },
      to: { path: '^local/' },
    },
    {
      name: 'lib-not-infra',
      severity: 'error',
      comment:
        'infra/ is the CDK app that deploys lib/; the Lambda bundles must not pull in deployment code. ' +
        'Anything both need (the function manifest, settings names) lives in lib/ and infra imports it.',
      from: { path: '^lib/' },
      to: { path: '^infra/' },
    },
    {
      name: 'lib-not-console',
      severity: 'error',
      comment: 'The console is a separate browser app over the HTTP API; the server never depends on it.',
      from: { path: '^lib/' },
      to: { path: '^console/' },
    },
    {
      name: 'lib-not-test',
      severity: 'error',
      comment: 'Tests depend on production code, never the reverse: test helpers are not shipped.',
      from: { path: '^lib/' },
      to: { path: '^test/' },
    },
    {
      name: 'lib-not-functions',
      severity: 'error',
      comment:
        'functions/ are the Lambda entry points over lib/; lib importing one would make the ' +
        'entry points a layer of the library (lib/functions-manifest.ts names them as strings).',
      from: { path: '^lib/' },
      to: { path: '^functions/' },
    },
    {
      name: 'infra-not-local',
      severity: 'error',
      comment:
        'infra/ deploys to AWS; the local stack (local/) is a stand-in for AWS on one machine. CDK ' +
        'reading local/ would tie what is deployed to the emulation. Anything both need (the ' +
        'console\'s CSP in console/csp.ts, the route table in lib/) lives outside local/.',
      from: { path: '^infra/' },
      to: { path: '^local/' },
    },
    {
      name: 'functions-only-lib',
      severity: 'error',
      comment:
        'A Lambda entry point parses, calls one use case and maps the result: it may use lib/, npm ' +
        'packages and Node built-ins (and openapi.json, which functions/openapi.ts serves), never ' +
        'local/, infra/, test/ or another entry point, so each bundle holds only what it runs.',
      from: { path: '^functions/' },
      to: { pathNot: '^(lib/|node_modules/|openapi[.]json$)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'handlers-hold-no-writes',
      severity: 'error',
      comment:
        'A handler maps a request onto one use case and its result onto a response. The use case ' +
        'commits and acts (lib/app/idempotency.ts `once`, given the scope from `scopeOf` in lib/http.ts), ' +
        'so an entry point never holds writes, store types or what follows a commit.',
      from: { path: '^functions/' },
      to: { path: '^lib/(store/|app/idempotency[.]ts$)' },
    },
    {
      name: 'store-is-persistence',
      severity: 'error',
      comment:
        'lib/store holds repositories: map items to entities and back, build writes, run queries. ' +
        'It must not orchestrate (lib/app, lib/delivery), know HTTP (lib/http.ts) or reach the other ' +
        'side effects (lib/adapters, lib/wiring.ts): those call the store, not the other way round.',
      from: { path: '^lib/store/' },
      to: { path: '^lib/(app/|delivery/|adapters/|http[.]ts$|wiring[.]ts$)' },
    },
    {
      name: 'store-is-given-the-time',
      severity: 'error',
      comment:
        'A repository writes and reads at the time its caller gives (`at`): the use case reads the ' +
        'clock once (lib/clock.ts, the installed Clock port) and every write of one change carries ' +
        'the same moment, and the store never reaches the composition root for it.',
      from: { path: '^lib/store/' },
      to: { path: '^lib/clock[.]ts$' },
    },
    {
      name: 'use-cases-know-no-http',
      severity: 'error',
      comment:
        'Use cases and repositories record who acted (lib/domain/staff.ts) whatever called them: a ' +
        'route, the state machine, the inbound-email gateway. The HTTP layer (lib/http.ts, and the ' +
        'permissions in lib/auth.ts) maps requests onto them, never the other way round.',
      from: { path: '^lib/(app|store|domain|delivery)/' },
      to: { path: '^lib/(http|auth)[.]ts$' },
    },
    {
      name: 'http-knows-no-store',
      severity: 'error',
      comment:
        'lib/http.ts adapts API Gateway events to routes; what a store failure means to a caller is ' +
        'decided by the store or the use case, so the HTTP layer stays reusable and the store never ' +
        'needs HTTP types back (the http <-> store/db cycle).',
      from: { path: '^lib/http[.]ts$' },
      to: { path: '^lib/store/' },
    },
    {
      name: 'app-not-adapters',
      severity: 'error',
      comment:
        'Use cases reach side effects only through lib/ports (the interfaces) and get the ' +
        'implementation from lib/wiring.ts, so local/ and tests can install their own adapters. ' +
        'lib/app may not import lib/adapters or lib/clients, nor load an AWS SDK client at run ' +
        'time: persistence goes through lib/store. (Type-only SDK imports carry no side effect.)',
      from: { path: '^lib/app/' },
      to: { path: '^(lib/adapters/|lib/clients/|node_modules/@aws-sdk/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-not-delivery',
      severity: 'error',
      comment:
        'lib/delivery renders the printed letter (pdf-lib) for the adapters behind the letter-PDF port ' +
        'and the local stand-ins; a use case asks the port (lib/wiring.ts `letterPdfs`), so the PDF code ' +
        'loads only when a PDF is asked for and tests can install their own. Dynamic imports count.',
      from: { path: '^lib/app/' },
      to: { path: '^lib/delivery/' },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment:
        'lib/ports declares what a side effect looks like; an interface that imports an ' +
        'implementation (lib/adapters, lib/wiring.ts, lib/clients, the SDK at run time) is no port.',
      from: { path: '^lib/ports/' },
      to: { path: '^(lib/adapters/|lib/clients/|lib/wiring[.]ts$|lib/app/|node_modules/@aws-sdk/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'console-standalone',
      severity: 'error',
      comment:
        'The console is a browser app over the HTTP API, bundled on its own. From the server code it ' +
        'may use only lib/domain (pure, so the desk preview runs the very screening rule the API ' +
        'applies) and lib/schemas; never functions/, local/, infra/, test/, the rest of lib/, or a ' +
        'Node built-in.',
      from: { path: '^console/src/' },
      to: { pathNot: '^(console/src/|lib/domain/|lib/schemas/|node_modules/)' },
    },
    {
      name: 'console-schemas-types-only',
      severity: 'error',
      comment:
        'The console reuses the API contract types, not the zod schemas: importing a schema at run ' +
        'time would bundle zod and the server-side validation into the browser app.',
      from: { path: '^console/src/' },
      to: { path: '^lib/schemas/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-orphans-in-lib',
      severity: 'error',
      comment:
        'A lib/ module that nothing imports and that imports nothing is dead code or a forgotten ' +
        'entry point.',
      from: { orphan: true, path: '^lib/' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve: a missing file or a package not in package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(console/dist|cdk[.]out|[.]data|coverage)/' },
    // Read type-only imports too (they are erased before run time, but they still couple modules).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// The import rule, written down once (ARCHITECTURE.md explains it) and enforced by `npm run lint`
// through eslint-plugin-boundaries. Arrows point from what is imported to who imports it:
//
//   domain <- store <- services <- slack, jobs <- main
//
// - domain:     pure rules; imports nothing of ours.
// - platform:   facts about Slack itself (Block Kit limits, element state values, the command list);
//               a leaf that imports nothing of ours, so slack/views and the sandbox may both use it.
// - kernel:     clock.ts, config.ts, logger.ts, metrics.ts; used by the layers, never by domain or sandbox.
// - db:         createDb, table types, the migrator; only store/ (and http/health) use its values.
//               services/ and jobs/ may import its *types* (`import type`): `Db` and the table row
//               types of db/types.ts. slack/ names them through services/models.ts, never db/.
// - store:      the only SQL; db + domain.
// - services:   use cases; store + domain + kernel + platform.
// - slack:      listeners and Block Kit builders; services + domain + kernel + platform + http.
//               Never store/ or db/, not even db types.
// - jobs:       the scheduler and the outbox worker; services + store (the worker delivers outbox rows,
//               the tick lists workspaces) + domain + kernel. Never slack/: the composition root injects
//               the renderer (slack/views/messages.ts) as `messages`.
// - main:       composition roots and CLIs (main.ts, sandbox-runtime.ts, jobs/outbox-cli.ts, jobs/rotate-key-cli.ts): anything.
// - sandbox:    a local Slack; reaches the app only over HTTP, so it imports nothing of ours except
//               platform/.
// - migrations: frozen; import nothing of the app.
//
// Files outside these (test/, bench/, config files) are not checked.
import boundaries from 'eslint-plugin-boundaries';

// Elements are folders matched from the project root. The files directly in src/ belong to `root`;
// policies tell them apart by name: the kernel (clock, config, logger) and the composition roots.
const element = (type, pattern) => ({ type, pattern, partialMatch: false });

export const layerElements = [
  element('domain', 'src/domain'),
  element('platform', 'src/platform'),
  element('db', 'src/db'),
  element('store', 'src/store'),
  element('services', 'src/services'),
  element('slack', 'src/slack'),
  element('http', 'src/http'),
  element('jobs', 'src/jobs'),
  element('sandbox', 'src/sandbox'),
  element('migrations', 'migrations'),
  element('root', 'src'),
];

const kernel = { element: { type: 'root', fileInternalPath: ['clock.ts', 'config.ts', 'logger.ts', 'metrics.ts'] } };
const mains = [
  { element: { type: 'root', fileInternalPath: ['main.ts', 'sandbox-runtime.ts'] } },
  { element: { type: 'jobs', fileInternalPath: ['outbox-cli.ts', 'rotate-key-cli.ts'] } },
];
const layer = (type) => ({ element: { type } });
/** Allows values and types from the given layers (`'kernel'` names the three kernel files). */
const to = (...types) => ({ to: types.map((t) => (t === 'kernel' ? kernel : layer(t))) });
const typesOnly = (...types) => ({ ...to(...types), dependency: { kind: 'type' } });
const from = (type, allow) => ({ from: type === 'kernel' ? kernel : layer(type), allow });

export const layerPolicies = [
  { from: mains, allow: { to: { element: { type: '*' } } } },
  from('kernel', to('kernel')),
  from('db', to('kernel', 'migrations')),
  from('store', to('db', 'domain')),
  from('services', [to('store', 'domain', 'kernel', 'platform'), typesOnly('db')]),
  from('slack', to('services', 'domain', 'kernel', 'platform', 'http')),
  from('http', to('db')),
  from('jobs', [to('services', 'store', 'domain', 'kernel', 'platform'), typesOnly('db')]),
  from('sandbox', to('platform')),
  // domain, platform and migrations: no policy, so the default forbids anything outside themselves.
];

/** The flat-config block: layers for every source file, resolved like TypeScript (`./x.js` -> `./x.ts`). */
export const layersConfig = {
  files: ['**/*.ts', '**/*.js'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { alwaysTryTypes: false, project: './tsconfig.json' }, node: true },
    'boundaries/elements': layerElements,
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
  },
  rules: {
    'boundaries/dependencies': ['error', { default: 'disallow', checkUnknownLocals: true, policies: layerPolicies }],
  },
};

// The import rule between layers (eslint.layers.js) is part of `npm run lint`, and it fails a wrong
// import: small in-memory files placed in each layer, linted with ESLint's Node API.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layersConfig } from '../eslint.layers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Only the layer rule, without type information: fast, and the files need not exist. */
const layersOnly = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, layersConfig],
});

/** The layer-rule messages for `source` placed at `file` (relative to the repository). */
async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await layersOnly.lintText(source, { filePath: path.join(root, file) });
  const messages = result!.messages;
  const broken = messages.filter((m) => m.ruleId !== 'boundaries/dependencies');
  expect(broken, 'only the layer rule speaks').toEqual([]);
  return messages.map((m) => m.message);
}

describe('the import rule', () => {
  const wrong: [string, string, string][] = [
    ['domain imports the store', 'src/domain/lint-probe.ts', "import { listMembers } from '../store/members.js';\nvoid listMembers;"],
    ['domain reads the clock', 'src/domain/lint-probe.ts', "import type { Clock } from '../clock.js';\nexport type C = Clock;"],
    ['store imports a service', 'src/store/lint-probe.ts', "import { joinCircle } from '../services/circles.js';\nvoid joinCircle;"],
    ['a service renders Block Kit', 'src/services/lint-probe.ts', "import { helpMessage } from '../slack/views/commands.js';\nvoid helpMessage;"],
    ['a listener calls the store', 'src/slack/listeners/lint-probe.ts', "import { getCircle } from '../../store/circles.js';\nvoid getCircle;"],
    ['a listener uses a db value', 'src/slack/listeners/lint-probe.ts', "import { createDb } from '../../db/index.js';\nvoid createDb;"],
    ['a listener names a db row type', 'src/slack/listeners/lint-probe.ts', "import type { Member } from '../../db/types.js';\nexport type M = Member;"],
    ['a job renders Block Kit', 'src/jobs/lint-probe.ts', "import { helpMessage } from '../slack/views/commands.js';\nvoid helpMessage;"],
    ['the store reaches the Slack layer', 'src/store/lint-probe.ts', "export * from '../slack/views/blocks.js';"],
    ['the sandbox imports the domain', 'src/sandbox/lint-probe.ts', "import { weekKeyOf } from '../domain/weeks.js';\nvoid weekKeyOf;"],
    ['the sandbox re-exports the app', 'src/sandbox/emulator/lint-probe.ts', "export { createSlackApp } from '../../slack/app.js';"],
    ['the sandbox imports the store lazily', 'src/sandbox/lint-probe.ts', "export const load = () => import('../store/workspaces.js');"],
    ['the sandbox imports a test helper', 'src/sandbox/lint-probe.ts', "import { until } from '../../test/helpers/wait.js';\nvoid until;"],
    ['platform imports the domain', 'src/platform/lint-probe.ts', "import { weekKeyOf } from '../domain/weeks.js';\nvoid weekKeyOf;"],
    ['a migration imports the app', 'migrations/lint-probe.ts', "import { playbookOrDefault } from '../src/domain/playbooks.js';\nvoid playbookOrDefault;"],
  ];
  for (const [what, file, source] of wrong) {
    it(`fails when ${what}`, async () => {
      const found = await violations(file, source);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/no policy allowing|not allowed/i);
    });
  }

  const right: [string, string, string][] = [
    ['the store uses db', 'src/store/lint-probe.ts', "import type { Db } from '../db/index.js';\nimport { sql } from 'kysely';\nexport type D = Db;\nvoid sql;"],
    ['a service uses store, domain and clock', 'src/services/lint-probe.ts', "import type { Clock } from '../clock.js';\nimport { weekKeyOf } from '../domain/weeks.js';\nimport { listMembers } from '../store/members.js';\nexport type C = Clock;\nvoid weekKeyOf; void listMembers;"],
    ['a listener calls a service and imports a row type', 'src/slack/listeners/lint-probe.ts', "import type { Member } from '../../services/models.js';\nimport { circleOf } from '../../services/circles.js';\nexport type M = Member;\nvoid circleOf;"],
    ['the domain uses date-fns and itself', 'src/domain/lint-probe.ts', "import { addDays } from 'date-fns';\nimport { weekKeyOf } from './weeks.js';\nvoid addDays; void weekKeyOf;"],
    ['the sandbox uses node: and itself', 'src/sandbox/lint-probe.ts', "import { readFileSync } from 'node:fs';\nimport { loadSandboxState } from './state.js';\nvoid readFileSync; void loadSandboxState;"],
    ['the sandbox and the views share Slack facts from platform', 'src/sandbox/emulator/lint-probe.ts', "import { BLOCK_KIT_LIMITS } from '../../platform/slack-blockkit.js';\nvoid BLOCK_KIT_LIMITS;"],
    ['the views use platform', 'src/slack/views/lint-probe.ts', "import { SUBCOMMAND_HELP } from '../../platform/commands.js';\nvoid SUBCOMMAND_HELP;"],
    ['main composes everything', 'src/main.ts', "import { createSlackApp } from './slack/app.js';\nimport { startSandbox } from './sandbox/server.js';\nimport { deleteWorkspace } from './store/workspaces.js';\nvoid createSlackApp; void startSandbox; void deleteWorkspace;"],
  ];
  for (const [what, file, source] of right) {
    it(`allows ${what}`, async () => {
      expect(await violations(file, source)).toEqual([]);
    });
  }

  it('is part of `npm run lint`: the repository config applies it to every layer', async () => {
    const eslint = new ESLint({ cwd: root });
    for (const file of ['src/domain/weeks.ts', 'src/slack/listeners/events/uninstalled.ts', 'src/sandbox/server.ts', 'src/sandbox/public/app.js', 'migrations/index.ts']) {
      const config = (await eslint.calculateConfigForFile(path.join(root, file))) as { rules: Record<string, unknown[]>; settings: Record<string, unknown> };
      expect(config.rules['boundaries/dependencies'], file).toEqual([2, layersConfig.rules['boundaries/dependencies'][1]]);
      expect(config.settings['boundaries/elements'], file).toEqual(layersConfig.settings['boundaries/elements']);
    }
  });
});

describe('the function-size rule (no closure over 150 lines in src/)', () => {
  const repo = new ESLint({ cwd: root });

  it('is part of `npm run lint` for every source file, the browser code included, and not for tests', async () => {
    for (const file of ['src/domain/weeks.ts', 'src/jobs/outbox-worker.ts', 'src/sandbox/server.ts', 'src/sandbox/public/app.js']) {
      const config = (await repo.calculateConfigForFile(path.join(root, file))) as { rules: Record<string, unknown[]> };
      expect(config.rules['max-lines-per-function'], file).toEqual([2, { max: 150, skipBlankLines: true, skipComments: true }]);
    }
    const testConfig = (await repo.calculateConfigForFile(path.join(root, 'test/lint.test.ts'))) as { rules: Record<string, unknown[]> };
    expect(testConfig.rules['max-lines-per-function']).toBeUndefined();
  });

  it('fails a 151-line function and passes a 150-line one; blank lines and comments do not count', async () => {
    const sizeOnly = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.js'], rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] } }],
    });
    const fn = (lines: number) => `export function f() {\n${Array.from({ length: lines - 2 }, (_, i) => `  void ${i};\n\n  // a comment`).join('\n')}\n}\n`;
    const messages = async (source: string) => (await sizeOnly.lintText(source, { filePath: path.join(root, 'src/lint-probe.js') }))[0]!.messages.map((m) => m.ruleId);
    expect(await messages(fn(150))).toEqual([]);
    expect(await messages(fn(151))).toEqual(['max-lines-per-function']);
  });
});

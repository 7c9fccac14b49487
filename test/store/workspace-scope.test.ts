// Every exported store function that takes the database also takes a workspace: a parameter named
// `workspaceId`, or an object (or list of objects) carrying `workspaceId` / `workspace_id`. So a query
// that forgets its workspace cannot be written without changing a signature. The exceptions are the
// few cross-workspace operator functions named below (the outbox worker's row-id operations, the
// scheduler's and the retention job's workspace lists, metrics, key rotation).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const storeDir = path.join(root, 'src/store');

/** Cross-workspace operator functions, by file. Keep it short; each needs its reason. */
export const CROSS_WORKSPACE: Record<string, string> = {
  'outbox.ts:claimDueMessages': 'the worker claims due rows of every workspace (each row carries its workspace)',
  'outbox.ts:extendLease': 'a claimed row, by its id',
  'outbox.ts:markMessageSent': 'a claimed row, by its id',
  'outbox.ts:markMessageFailed': 'a claimed row, by its id',
  'outbox.ts:rescheduleMessage': 'a claimed row, by its id',
  'outbox.ts:nextDueAt': 'when the worker wakes next',
  'outbox.ts:listFailedMessages': 'npm run outbox -- --failed (optionally one workspace)',
  'outbox.ts:countOutboxByStatus': 'the metrics gauge (every workspace; the outbox CLI passes one)',
  'rate-budgets.ts:pruneChannelSlots': 'housekeeping: drops the per-channel send marks of every workspace once long past',
  'events.ts:forgetEvent': 'Slack event ids are unique across workspaces',
  'workspaces.ts:listActiveWorkspaces': 'the scheduler tick',
  'workspaces.ts:listWorkspacesUninstalledBefore': 'the retention job',
  'installations.ts:listTokensSealedWithOtherKeys': 'npm run rotate-key',
  'installations.ts:listWorkspacesServedByOrg': 'an org-wide uninstall reaches the workspaces of its org',
};

function hasWorkspace(checker: ts.TypeChecker, type: ts.Type, idIsWorkspace: boolean): boolean {
  const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
  const t = element ?? type;
  const names = t.getProperties().map((s) => s.name);
  return names.includes('workspaceId') || names.includes('workspace_id') || (idIsWorkspace && names.includes('id'));
}

/** Cross-workspace functions whose workspace is an optional argument (one workspace, or all of them). */
const OPTIONALLY_SCOPED = new Set(['outbox.ts:claimDueMessages', 'outbox.ts:listFailedMessages', 'outbox.ts:countOutboxByStatus']);

describe('store functions are scoped by workspace', () => {
  it('every exported function taking `db` takes a workspace too, except the named cross-workspace ones', () => {
    const files = fs.readdirSync(storeDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(storeDir, f));
    const program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const unscoped: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const sf = program.getSourceFile(file)!;
      const base = path.basename(file);
      for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!)) {
        const decl = sym.declarations?.[0];
        if (!decl || !ts.isFunctionDeclaration(decl)) continue;
        const params = decl.parameters;
        if (params[0]?.name.getText() !== 'db') continue;
        const name = `${base}:${sym.name}`;
        seen.add(name);
        const scoped = params.slice(1).some((p) => p.name.getText() === 'workspaceId' || hasWorkspace(checker, checker.getTypeAtLocation(p), base === 'workspaces.ts'));
        if (!scoped && !(name in CROSS_WORKSPACE)) unscoped.push(name);
        if (scoped && name in CROSS_WORKSPACE && !OPTIONALLY_SCOPED.has(name)) unscoped.push(`${name} (allow-listed but scoped: drop it from the list)`);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(unscoped).toEqual([]);
    // The list names real functions only.
    expect(Object.keys(CROSS_WORKSPACE).filter((n) => !seen.has(n))).toEqual([]);
  });
});

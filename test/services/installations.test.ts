// Installations on the database: rotation re-seals every token; an uninstall clears the token at once;
// the retention job deletes every row of the workspace (every table with a workspace_id column) and
// nothing of the others.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { installationCompleted, resealTokens } from '../../src/services/installations.js';
import { purgeUninstalledWorkspaces, workspaceUninstalled } from '../../src/services/workspaces.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { ensureCircle } from '../../src/store/circles.js';
import { recordEventOnce } from '../../src/store/events.js';
import { findInstallation, type InstallationRecord } from '../../src/store/installations.js';
import { markJobOnce } from '../../src/store/job-marks.js';
import { ensureMember, setMemberCircle } from '../../src/store/members.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { insertPause } from '../../src/store/pauses.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import type { Db } from '../../src/db/index.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');
const start = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;

const rec = (ws: string, token: string): InstallationRecord => ({
  workspaceId: ws, teamId: ws, teamName: `Team ${ws}`, enterpriseId: null, enterpriseName: null, isEnterpriseInstall: false,
  appId: 'A1', botUserId: 'UBOT', botId: 'BBOT', botToken: token, scopes: ['chat:write'], installedBy: 'U1',
});

/** Rows of every kind for a workspace (as the store test of deleteWorkspace does). */
async function fill(db: Db, ws: string, at: Date): Promise<void> {
  const circle = (await ensureCircle(db, ws, { channelId: 'C1', createdBy: 'U1', at })).circle;
  const a = (await ensureMember(db, ws, { slackUserId: 'U1', at })).member;
  const b = (await ensureMember(db, ws, { slackUserId: 'U2', at })).member;
  await setMemberCircle(db, ws, a.id, circle.id, at);
  await setMemberCircle(db, ws, b.id, circle.id, at);
  await insertPause(db, { workspaceId: ws, memberId: b.id, firstWeek: '2026-W49', lastWeek: '2026-W49', at });
  await insertCallOnce(db, callRow({ workspace_id: ws, member_id: a.id, circle_id: circle.id, minutes: 5, idempotency_key: 'k', created_at: at }));
  const pairing = await insertPairingOnce(db, { workspaceId: ws, circleId: circle.id, week: '2026-W48', seed: 's', at });
  await insertPairingGroup(db, { workspaceId: ws, pairingId: pairing!.id, position: 0, memberIds: [a.id, b.id] });
  await enqueueMessage(db, { workspaceId: ws, dedupeKey: 'd', kind: 'test', method: 'chat.postMessage', channelKey: 'U1', payload: { channel: 'U1', text: 'hi' }, at });
  await markJobOnce(db, ws, 'job', at);
  await recordEventOnce(db, { eventId: `Ev-${ws}`, workspaceId: ws, type: 'app_home_opened', at });
}

/** Every table with a workspace_id column (information_schema), so tables added later are counted too. */
async function rowsPerTable(db: Db, ws: string): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'workspace_id' order by table_name`.execute(db);
  const out: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table_name)} where workspace_id = ${ws}`.execute(db);
    out[table_name] = Number(r.rows[0]!.n);
  }
  const w = await sql<{ n: number | string }>`select count(*) as n from workspaces where id = ${ws}`.execute(db);
  out.workspaces = Number(w.rows[0]!.n);
  return out;
}

describeDb('installations', (ctx) => {
  it('rotate-key re-seals every token with the new key; a key nobody configured is reported, not guessed', async () => {
    const { db } = ctx();
    const clock = new SettableClock(start);
    const a = createTokenCipher(KEY_A);
    for (const ws of ['TR1', 'TR2', 'TR3']) await installationCompleted({ db, clock, messages: renderMessage, cipher: a }, rec(ws, `xoxb-${ws}-secret`));
    const rotating = createTokenCipher(KEY_B, [KEY_A]);
    const r = await resealTokens(db, rotating);
    expect(r).toEqual({ resealed: 3, unreadable: [], keyId: rotating.currentKeyId });
    const keyIds = await db.selectFrom('installations').select('bot_token_key_id').where('workspace_id', 'in', ['TR1', 'TR2', 'TR3']).execute();
    expect(new Set(keyIds.map((k) => k.bot_token_key_id))).toEqual(new Set([rotating.currentKeyId]));
    // The old key can go now.
    expect((await findInstallation(db, createTokenCipher(KEY_B), 'TR2'))?.botToken).toBe('xoxb-TR2-secret');
    expect((await resealTokens(db, rotating)).resealed).toBe(0);
    const other = createTokenCipher(randomBytes(32).toString('base64'));
    const stuck = await resealTokens(db, other);
    expect(stuck.resealed).toBe(0);
    expect(stuck.unreadable.sort()).toEqual(['TR1', 'TR2', 'TR3']);
  });

  it('uninstall clears the token at once; the retention job deletes every row of the workspace after DATA_RETENTION_DAYS, and only its rows', async () => {
    const { db } = ctx();
    const clock = new SettableClock(start);
    const cipher = createTokenCipher(KEY_A);
    for (const ws of ['T-gone', 'T-kept']) {
      await installationCompleted({ db, clock, messages: renderMessage, cipher }, rec(ws, `xoxb-${ws}`));
      await fill(db, ws, start);
    }
    const kept = await rowsPerTable(db, 'T-kept');
    expect(kept.installations).toBe(1);
    const u = await workspaceUninstalled(db, 'T-gone', start);
    expect(u.tokensRevoked).toBe(true);
    expect(u.cancelled).toBe(2); // the test row and the welcome DM
    expect(await findInstallation(db, cipher, 'T-gone')).toBeUndefined();
    expect(await purgeUninstalledWorkspaces(db, new Date(start.getTime() + 29 * DAY), 30)).toEqual([]);
    expect((await rowsPerTable(db, 'T-gone')).members).toBe(2);
    expect(await purgeUninstalledWorkspaces(db, new Date(start.getTime() + 30 * DAY), 30)).toEqual(['T-gone']);
    const gone = await rowsPerTable(db, 'T-gone');
    expect(Object.entries(gone).filter(([, n]) => n > 0)).toEqual([]);
    expect(Object.keys(gone)).toEqual(expect.arrayContaining(['installations', 'members', 'calls', 'outbox', 'job_marks', 'slack_events', 'pairing_members']));
    expect(await rowsPerTable(db, 'T-kept')).toEqual(kept);
  });
});

/** Seeding for the jobs tests: a workspace, emulator users and their members, optionally in a circle. */
import type { Db } from '../../src/db/index.js';
import type { Member } from '../../src/db/types.js';
import type { Emulator } from '../../src/sandbox/emulator/index.js';
import { ensureCircle } from '../../src/store/circles.js';
import { ensureMember, setMemberCircle, updateMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';

export const WS = 'T0EMULATOR';

export async function seedCircle(
  db: Db,
  emu: Emulator,
  opts: { name: string; tz: string; zones: string[]; size: number; at: Date; lanes?: string[] },
): Promise<{ circleId: number; channelId: string; members: Member[] }> {
  await upsertWorkspace(db, { id: WS, at: opts.at });
  const users = Array.from({ length: opts.size }, (_, i) => emu.addUser({ name: `${opts.name}-${i}`, tz: opts.zones[i % opts.zones.length]! }));
  const channel = emu.addChannel({ name: opts.name, members: users.map((u) => u.id) });
  const circle = (await ensureCircle(db, WS, { channelId: channel.id, name: opts.name, createdBy: users[0]!.id, tz: opts.tz, at: opts.at })).circle;
  const members: Member[] = [];
  for (const [i, u] of users.entries()) {
    const m = (await ensureMember(db, WS, { slackUserId: u.id, displayName: u.name, slackTz: u.tz, at: opts.at })).member;
    await setMemberCircle(db, WS, m.id, circle.id, opts.at);
    members.push(opts.lanes ? await updateMember(db, WS, m.id, { lane: opts.lanes[i % opts.lanes.length]! }) : m);
  }
  return { circleId: circle.id, channelId: channel.id, members };
}

export async function seedSolo(db: Db, emu: Emulator, count: number, at: Date, zones: string[] = ['UTC']): Promise<Member[]> {
  await upsertWorkspace(db, { id: WS, at });
  const out: Member[] = [];
  const batch: { slack_user_id: string; display_name: string; slack_tz: string }[] = [];
  for (let i = 0; i < count; i++) {
    const u = emu.addUser({ name: `solo-${i}`, tz: zones[i % zones.length]! });
    batch.push({ slack_user_id: u.id, display_name: u.name, slack_tz: u.tz });
  }
  for (let i = 0; i < batch.length; i += 1000) {
    const rows = await db
      .insertInto('members')
      .values(batch.slice(i, i + 1000).map((b) => ({ workspace_id: WS, ...b, created_at: at })))
      .returningAll()
      .execute();
    out.push(...rows);
  }
  return out;
}

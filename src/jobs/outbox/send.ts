/**
 * The Web API calls for one claimed row: each under the rate limiter and the row's lease (429s pause
 * the workspace+method and try again), the channel a message goes to, and the send itself.
 */
import { WebAPIPlatformError, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import type { ClaimedOutboxRow } from '../../store/outbox.js';
import { isUserId, type WorkerContext } from './context.js';
import { classifySlackError, LeaseLost, Released } from './errors.js';
import { uploader, withFile } from './files.js';
import type { Lease } from './lease.js';

export interface RowCalls {
  /** One Web API call under the limiter; 429s pause the method and try again. */
  call(method: string, args: Record<string, unknown>, channel?: string): Promise<Record<string, unknown>>;
  /** The channel id the message goes (went) to. */
  openChannel(): Promise<string>;
  /** The message's arguments with its file (`_file`) uploaded and shown, or null: send the text alone. */
  attachFile(args: Record<string, unknown>): Promise<{ args: Record<string, unknown>; fileId: string } | null>;
}

function usersOf(payload: Record<string, unknown>): string {
  const u = payload.users;
  return Array.isArray(u) ? u.map(String).join(',') : String(u ?? '');
}

/** The Web API arguments of a payload: our own bookkeeping (`_meta`) stays home. */
function argsOf(payload: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _m, _file: _f, users: _u, ...args } = payload;
  return args;
}

export function rowCalls(ctx: WorkerContext, row: ClaimedOutboxRow, lease: Lease): RowCalls {
  const { clock, limiter, leaseMs, log } = ctx;
  // Looked up once per row, when its first call is made (OAuth mode reads the installation).
  let client: Promise<WebClient> | undefined;
  const getClient = (): Promise<WebClient> => (client ??= Promise.resolve(ctx.clientFor(row.workspace_id)));
  const payload = row.payload;
  const call: RowCalls['call'] = async (method, args, channel) => {
    for (let n = 0; ; n++) {
      let deadline = await limiter.acquire(row.workspace_id, method, channel, async (waitMs) => {
        const needed = clock.now().getTime() + waitMs + 5_000;
        if (needed > lease.held().getTime()) await lease.renew(needed + leaseMs);
      });
      if (ctx.stopping()) throw new Released();
      await lease.settled();
      if (lease.lost()) throw new LeaseLost();
      const slack = await getClient();
      // Past the slot's deadline (the lease or the client held it up): the channel's spacing would
      // shrink, so book the channel again rather than post late (a few times at most).
      for (let late = 0; !limiter.onTime(deadline) && channel !== undefined && late < 3; late++) deadline = await limiter.late(row.workspace_id, channel, deadline);
      const t0 = performance.now();
      try {
        const r = (await slack.apiCall(method, args)) as unknown as Record<string, unknown>;
        ctx.metrics?.observeSend(method, 'ok', (performance.now() - t0) / 1000);
        return r;
      } catch (err) {
        observeFailure(ctx, method, err, (performance.now() - t0) / 1000);
        if (err instanceof WebAPIRateLimitedError && n < ctx.max429) {
          ctx.metrics?.countRetry(method);
          log.debug({ method, retryAfter: err.retryAfter, workspace: row.workspace_id }, 'rate limited by Slack; pausing');
          limiter.pause(row.workspace_id, method, Math.max(1, err.retryAfter) * 1000);
          continue;
        }
        throw err;
      }
    }
  };
  const openChannel = async (): Promise<string> => {
    if (row.method === 'conversations.open+chat.postMessage') {
      const r = await call('conversations.open', { users: usersOf(payload) });
      return String((r.channel as { id?: string } | undefined)?.id ?? '');
    }
    const channel = String(payload.channel ?? row.channel_key);
    if (!isUserId(channel)) return channel;
    const r = await call('conversations.open', { users: channel });
    return String((r.channel as { id?: string } | undefined)?.id ?? '');
  };
  const upload = uploader(ctx, getClient, row);
  return { call, openChannel, attachFile: (args) => withFile(ctx, upload, row, args) };
}

function observeFailure(ctx: WorkerContext, method: string, err: unknown, seconds: number): void {
  const kind = classifySlackError(err).kind;
  ctx.metrics?.observeSend(method, kind === 'ratelimited' ? 'rate_limited' : kind === 'permanent' ? 'permanent_error' : 'retryable_error', seconds);
}

/** Slack refused the blocks (e.g. a file not yet ready for an image block): the text goes without it. */
function refusedBlocks(err: unknown): boolean {
  return err instanceof WebAPIPlatformError && ['invalid_blocks', 'invalid_arguments'].includes(String(err.data.error));
}

/** Sends the row's message; returns what is recorded as its result (ts and channel). */
export async function sendRow(calls: RowCalls, row: ClaimedOutboxRow): Promise<Record<string, unknown>> {
  const payload = row.payload;
  if (row.method === 'conversations.open+chat.postMessage') {
    const channel = await calls.openChannel();
    const r = await calls.call('chat.postMessage', { ...argsOf(payload), channel }, channel);
    return { ts: r.ts, channel: r.channel ?? channel };
  }
  if (row.method === 'chat.postMessage') {
    const args = argsOf(payload);
    const channel = String(args.channel ?? row.channel_key);
    const shown = await calls.attachFile(args);
    if (shown) {
      try {
        const r = await calls.call('chat.postMessage', shown.args, channel);
        return { ts: r.ts, channel: r.channel, file: shown.fileId };
      } catch (err) {
        if (!refusedBlocks(err)) throw err;
      }
    }
    const r = await calls.call('chat.postMessage', args, channel);
    return { ts: r.ts, channel: r.channel };
  }
  const r = await calls.call(row.method, argsOf(payload));
  return { ts: r.ts ?? null, channel: r.channel ?? null };
}

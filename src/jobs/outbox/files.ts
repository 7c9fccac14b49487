/**
 * A file a message carries (the recap's chart): rendered from the row's `_file` model by the renderer
 * the composition root injects (`files`), uploaded the way Slack wants today (the WebClient's
 * filesUploadV2: files.getUploadURLExternal, the upload, files.completeUploadExternal, with no channel,
 * so the file is the bot's own until a message shows it), then shown in the message (an image block with
 * `slack_file`). Anything that goes wrong here costs the picture only: the message goes out with its text.
 */
import type { WebClient } from '@slack/web-api';
import type { MessageFileModel } from '../../services/messages.js';
import type { ClaimedOutboxRow } from '../../store/outbox.js';
import type { WorkerContext } from './context.js';
import { LeaseLost, Released } from './errors.js';

/** A rendered file, ready to upload. */
export interface FileUpload {
  content: Buffer;
  filename: string;
  title: string;
  /** States what the picture shows (Slack's alt text for files: at most 1000 characters). */
  altText: string;
}

/** Injected by the composition root (src/slack/views/recap-chart.ts): how a file model looks and is shown. */
export interface MessageFiles {
  /** The file for a model, or null when there is none to show. May throw or reject: the message then goes alone. */
  render(model: MessageFileModel): FileUpload | null | Promise<FileUpload | null>;
  /** The message's arguments with the uploaded file shown in it. */
  show(args: Record<string, unknown>, file: { id: string; altText: string; title: string }): Record<string, unknown>;
}

export type Upload = (file: FileUpload) => Promise<string>;

function isFileModel(v: unknown): v is MessageFileModel {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/** filesUploadV2 under the limiter of its first method; answers the file id. */
/** `client`: the row's WebClient, looked up once (OAuth mode reads the installation). */
export function uploader(ctx: WorkerContext, client: () => Promise<WebClient>, row: ClaimedOutboxRow): Upload {
  return async (file) => {
    await ctx.limiter.acquire(row.workspace_id, 'files.getUploadURLExternal');
    if (ctx.stopping()) throw new Released();
    const t0 = performance.now();
    try {
      const r = await (await client()).filesUploadV2({ file: file.content, filename: file.filename, title: file.title, alt_text: file.altText });
      ctx.metrics?.observeSend('files.completeUploadExternal', 'ok', (performance.now() - t0) / 1000);
      const done = r.files[0] as unknown as { files?: { id?: string }[] } | undefined;
      const id = done?.files?.[0]?.id;
      if (!id) throw new Error('files.completeUploadExternal answered without a file id');
      return id;
    } catch (err) {
      ctx.metrics?.observeSend('files.completeUploadExternal', 'retryable_error', (performance.now() - t0) / 1000);
      throw err;
    }
  };
}

/**
 * The message's arguments with its file shown, or null when it has none (no model, no renderer) or the
 * file could not be made or uploaded (logged; the text goes alone). Stopping or a lost lease is rethrown.
 */
export async function withFile(ctx: WorkerContext, upload: Upload, row: ClaimedOutboxRow, args: Record<string, unknown>): Promise<{ args: Record<string, unknown>; fileId: string } | null> {
  const model = row.payload._file;
  if (!ctx.files || !isFileModel(model)) return null;
  try {
    const file = await ctx.files.render(model);
    if (!file) return null;
    const id = await upload(file);
    return { args: ctx.files.show(args, { id, altText: file.altText, title: file.title }), fileId: id };
  } catch (err) {
    if (err instanceof Released || err instanceof LeaseLost) throw err;
    ctx.log.warn({ id: row.id, key: row.dedupe_key, file: model.kind, err: (err as Error).message }, 'could not attach the file; sending the message without it');
    return null;
  }
}

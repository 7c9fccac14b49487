// Web API methods for files: files.getUploadURLExternal, files.completeUploadExternal, files.info.
// Arguments, limits and error codes follow Slack's method reference (slack-api-ref); see files.ts.

import { ALT_TXT_MAX, CHANNEL_ID_RE, completeFile, fileJson, MAX_FILE_BYTES, shareMessage } from './files.js';
import { ApiError, blocksArg, canPost, invalidArguments, jsonArg, need, str, type ApiContext, type Args, type Handler } from './web-api.js';

/** Slack documents `alt_txt`; @slack/web-api's filesUploadV2 sends `alt_text`. Both are taken. */
function altTxt(args: Args): string | undefined {
  return str(args, 'alt_txt') ?? str(args, 'alt_text');
}

function getUploadURLExternal(ctx: ApiContext, args: Args): Record<string, unknown> {
  const filename = need(args, 'filename');
  const rawLength = str(args, 'length');
  if (rawLength === undefined || rawLength === '0') throw new ApiError('missing_argument');
  const length = Number(rawLength);
  if (!Number.isInteger(length) || length < 1) throw invalidArguments(['length must be an integer of at least 1 [json-pointer:/length]']);
  if (length > MAX_FILE_BYTES) throw new ApiError('file_upload_size_restricted');
  const alt = altTxt(args);
  if (alt !== undefined && alt.length > ALT_TXT_MAX) throw new ApiError('alt_txt_too_large');
  const snippetType = str(args, 'snippet_type');
  return ctx.files.open(ctx.ws, { filename, length, ...(alt !== undefined ? { altTxt: alt } : {}), ...(snippetType ? { snippetType } : {}) });
}

interface FileRef {
  id: string;
  title?: string;
}

function filesArg(args: Args): FileRef[] {
  const raw = jsonArg(args, 'files', 'invalid_arguments');
  if (raw === undefined) throw invalidArguments(['missing required field: files']);
  if (!Array.isArray(raw) || raw.length === 0) throw invalidArguments(['files must be a non-empty array [json-pointer:/files]']);
  return raw.map((f: unknown, i) => {
    const o = typeof f === 'object' && f !== null ? (f as Record<string, unknown>) : {};
    if (typeof o.id !== 'string' || o.id === '') throw invalidArguments([`missing required field: id [json-pointer:/files/${i}/id]`]);
    return { id: o.id, ...(typeof o.title === 'string' ? { title: o.title } : {}) };
  });
}

/** channel_id (one) or channels (comma-separated): each must exist, be open, and have the bot in it. */
function shareTargets(ctx: ApiContext, args: Args): string[] {
  const single = str(args, 'channel_id');
  const list = single !== undefined ? [single] : (str(args, 'channels') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (list.length > 100) throw new ApiError('channels_limit_exceeded');
  if (str(args, 'thread_ts') !== undefined && list.length > 1) throw invalidArguments(['thread_ts needs exactly one channel']);
  for (const id of list) {
    if (!CHANNEL_ID_RE.test(id)) throw invalidArguments([`input must match regex pattern: ${CHANNEL_ID_RE.source} [json-pointer:/channel_id]`]);
    const conv = ctx.ws.conversation(id);
    if (!conv) throw new ApiError('channel_not_found');
    canPost(ctx.ws, conv);
  }
  return list;
}

function completeUploadExternal(ctx: ApiContext, args: Args): Record<string, unknown> {
  const refs = filesArg(args);
  const channels = shareTargets(ctx, args);
  const uploads = refs.map((r) => {
    const upload = ctx.files.uploaded(r.id);
    if (!upload) throw new ApiError('file_not_found');
    return { ref: r, upload };
  });
  const comment = str(args, 'initial_comment');
  // Slack ignores blocks when initial_comment is given.
  const blocks = comment === undefined ? blocksArg(ctx, args, 'message') : undefined;
  const stored = uploads.map(({ ref, upload }) => {
    ctx.files.finish(upload.fileId);
    return completeFile(ctx.ws, upload, ref.title, channels);
  });
  const threadTs = str(args, 'thread_ts');
  for (const channel of channels) shareMessage(ctx.ws, channel, stored.map((f) => f.id), comment ?? '', blocks, threadTs);
  return { files: stored.map((f) => ({ id: f.id, title: f.title })) };
}

function filesInfo(ctx: ApiContext, args: Args): Record<string, unknown> {
  const id = need(args, 'file', 'file_not_found');
  const file = ctx.ws.data.files?.[id];
  if (!file) throw new ApiError('file_not_found');
  return { file: fileJson(ctx.ws, ctx.origin(), file), comments: [], response_metadata: { next_cursor: '' } };
}

export const FILE_METHODS: Record<string, Handler> = {
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
  'files.info': filesInfo,
};

// File uploads as Slack takes them today (the WebClient's filesUploadV2 does all three steps):
//   1. files.getUploadURLExternal { filename, length } -> { upload_url, file_id }
//   2. POST the bytes to upload_url (raw, or multipart as @slack/web-api sends them); the size must be `length`
//   3. files.completeUploadExternal { files: [{ id, title }], channel_id?, initial_comment? | blocks? }
// A completed file lives in the workspace data (so snapshots keep it); an upload in progress does not.
// Image blocks may then show it with `slack_file: { id }` or `{ url }` (checked by slackFileCheck).

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackFileCheck } from './blockkit.js';
import type { Message, StoredFile } from './types.js';
import type { Workspace } from './workspace.js';

/** Slack's largest file: 1 GB. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** files.getUploadURLExternal's alt_txt limit. */
export const ALT_TXT_MAX = 1000;
/** files.completeUploadExternal's channel_id pattern (a user id is refused; use the DM's D… id). */
export const CHANNEL_ID_RE = /^[CGDZ][A-Z0-9]{8,}$/;

interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  altTxt?: string;
  snippetType?: string;
  data?: Buffer;
}

/** What a file's first bytes say it is (Slack looks at the content, not only the name). */
export function sniffType(data: Buffer, filename: string): { mimetype: string; filetype: string } {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mimetype: 'image/png', filetype: 'png' };
  if (starts(0xff, 0xd8, 0xff)) return { mimetype: 'image/jpeg', filetype: 'jpg' };
  if (data.subarray(0, 6).toString('latin1') === 'GIF89a' || data.subarray(0, 6).toString('latin1') === 'GIF87a') return { mimetype: 'image/gif', filetype: 'gif' };
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return { mimetype: 'image/webp', filetype: 'webp' };
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (ext === 'csv') return { mimetype: 'text/csv', filetype: 'csv' };
  if (ext === 'txt' || ext === undefined) return { mimetype: 'text/plain', filetype: 'text' };
  return { mimetype: 'application/octet-stream', filetype: ext };
}

export function isImage(file: StoredFile): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(file.mimetype);
}

/** In-progress uploads by ticket (memory only, like trigger ids), and the routes that serve them. */
export class FileUploads {
  private readonly pending = new Map<string, PendingUpload>();

  constructor(private readonly origin: () => string) {}

  /** Step 1: a ticket and the file id it will become. */
  open(ws: Workspace, input: Omit<PendingUpload, 'fileId' | 'data'>): { upload_url: string; file_id: string } {
    const ticket = randomBytes(12).toString('hex');
    const fileId = ws.nextId('F');
    this.pending.set(ticket, { ...input, fileId });
    return { upload_url: `${this.origin()}/upload/v1/${ticket}`, file_id: fileId };
  }

  /** The uploaded bytes for a file id (step 2 done), or undefined. */
  uploaded(fileId: string): (PendingUpload & { data: Buffer }) | undefined {
    for (const p of this.pending.values()) if (p.fileId === fileId && p.data) return p as PendingUpload & { data: Buffer };
    return undefined;
  }

  /** Step 3 takes the upload out of the pending list. */
  finish(fileId: string): void {
    for (const [ticket, p] of this.pending) if (p.fileId === fileId) this.pending.delete(ticket);
  }

  /** Step 2: `POST /upload/v1/<ticket>`. Answers 200 "OK - <bytes>" as Slack does. */
  async handleUpload(req: IncomingMessage, res: ServerResponse, ticket: string): Promise<void> {
    const text = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    const upload = this.pending.get(ticket);
    if (req.method !== 'POST') return text(405, 'method_not_allowed');
    if (!upload) return text(404, 'upload ticket not found');
    if (upload.data) return text(409, 'upload ticket already used');
    // Multipart adds a few hundred bytes of framing; anything beyond that is more than `length` allows.
    const raw = await readCapped(req, upload.length + 64 * 1024);
    if (raw === null) return text(413, `the upload is larger than length (${upload.length} bytes)`);
    const data = await fileBytes(String(req.headers['content-type'] ?? ''), raw);
    if (data === null) return text(400, 'no file in the multipart body');
    if (data.length !== upload.length) return text(400, `the upload has ${data.length} bytes, length said ${upload.length}`);
    upload.data = data;
    text(200, `OK - ${data.length}`);
  }
}

function readCapped(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The file's bytes: the first file part of a multipart body (the SDK's way), else the raw body. */
async function fileBytes(contentType: string, raw: Buffer): Promise<Buffer | null> {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return raw;
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    for (const value of form.values()) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    return null;
  } catch {
    return null;
  }
}

/** A file as the Web API returns it. */
export function fileJson(ws: Workspace, origin: string, f: StoredFile): Record<string, unknown> {
  const path = `${ws.team.id}-${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id, created: f.created, timestamp: f.created, name: f.name, title: f.title, mimetype: f.mimetype, filetype: f.filetype,
    pretty_type: f.filetype.toUpperCase(), user: f.user, user_team: ws.team.id, mode: 'hosted', editable: false, is_external: false,
    external_type: '', size: f.size, is_public: false, public_url_shared: false, display_as_bot: false,
    url_private: fileUrl(origin, ws, f), url_private_download: `${origin}/files-pri/${ws.team.id}-${f.id}/download/${encodeURIComponent(f.name)}`,
    permalink: `https://${ws.team.domain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
    channels: f.channels.filter((c) => c.startsWith('C')), groups: f.channels.filter((c) => c.startsWith('G')),
    ims: f.channels.filter((c) => c.startsWith('D')), ...(f.alt_txt ? { alt_txt: f.alt_txt } : {}), path,
  };
}

export function fileUrl(origin: string, ws: Workspace, f: StoredFile): string {
  return `${origin}/files-pri/${ws.team.id}-${f.id}/${encodeURIComponent(f.name)}`;
}

/** Finds a completed file by id or by its url_private / url_private_download / permalink. */
export function findFile(ws: Workspace, origin: string, ref: { id?: string; url?: string }): StoredFile | undefined {
  const files = ws.data.files ?? {};
  if (ref.id !== undefined) return files[ref.id];
  if (ref.url === undefined) return undefined;
  const m = /\/(?:files-pri\/[A-Z0-9]+-|files\/[A-Z0-9]+\/)(F[A-Z0-9]+)(?:\/|$)/.exec(ref.url);
  const file = m?.[1] ? files[m[1]] : undefined;
  return file && (ref.url.startsWith(origin) || ref.url.startsWith(`https://${ws.team.domain}.slack.com/`)) ? file : undefined;
}

/** For the Block Kit validator: a slack_file must be a completed image the bot can read (its own upload). */
export function slackFileCheck(ws: Workspace, origin: string): SlackFileCheck {
  return (ref) => {
    const file = findFile(ws, origin, ref);
    return file !== undefined && isImage(file) && (file.user === ws.bot.user_id || file.channels.length > 0);
  };
}

/** Stores a completed upload and, with a channel, posts the file-share message. */
export function completeFile(
  ws: Workspace,
  upload: PendingUpload & { data: Buffer },
  title: string | undefined,
  channels: string[],
): StoredFile {
  const type = sniffType(upload.data, upload.filename);
  const file: StoredFile = {
    id: upload.fileId, name: upload.filename, title: title ?? upload.filename, ...type, size: upload.data.length,
    user: ws.bot.user_id, created: Math.floor(ws.now().getTime() / 1000), channels,
    ...(upload.altTxt ? { alt_txt: upload.altTxt } : {}), content_base64: upload.data.toString('base64'),
  };
  (ws.data.files ??= {})[file.id] = file;
  return file;
}

export function shareMessage(ws: Workspace, channel: string, fileIds: string[], text: string, blocks?: unknown[], threadTs?: string): Message {
  return ws.postMessage({
    channel, bot_id: ws.bot.bot_id, user: ws.bot.user_id, text, files: fileIds,
    ...(blocks ? { blocks } : {}), ...(threadTs ? { thread_ts: threadTs } : {}),
  });
}

/** `GET /files-pri/<team>-<id>/<name>` (and `/download/<name>`): the bytes, for the bot's token. */
export function serveFile(ws: Workspace, res: ServerResponse, fileId: string, authorised: boolean): void {
  const file = ws.data.files?.[fileId];
  if (!authorised || !file) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('file_not_found');
    return;
  }
  const body = Buffer.from(file.content_base64, 'base64');
  res.writeHead(200, { 'content-type': file.mimetype, 'content-length': body.length, 'cache-control': 'private, max-age=31536000, immutable' });
  res.end(body);
}

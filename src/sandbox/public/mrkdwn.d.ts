// Types for the page's mrkdwn renderer (plain browser JS), so tests can import it.
export interface MrkdwnContext {
  me?: string;
  tz?: string;
  userName?: (id: string) => string | undefined;
  channelName?: (id: string) => string | undefined;
}
export function esc(s: unknown): string;
export function unslack(s: unknown): string;
export function emojiHtml(escaped: string): string;
export function plain(text: string | undefined, emoji?: boolean): string;
export function mrkdwn(text: string | undefined, ctx?: MrkdwnContext): string;
export function textObj(t: { type: string; text: string; emoji?: boolean } | string | undefined, ctx?: MrkdwnContext): string;

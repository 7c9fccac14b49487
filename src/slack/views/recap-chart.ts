/**
 * The files the outbox worker attaches to messages (the composition root hands `messageFiles` to it):
 * the recap's chart rendered from its model (counts only) in the chart process (../chart-process.ts:
 * the chart libraries never load in the serving process), and how the recap shows it once uploaded,
 * an image block with `slack_file` right under the week's figures.
 */
import type { KnownBlock } from '@slack/types';
import { BLOCK_KIT_LIMITS as LIMITS } from '../../platform/slack-blockkit.js';
import type { MessageFileModel } from '../../services/messages.js';
import { drawChart } from '../chart-process.js';

export interface ChartFile {
  content: Buffer;
  filename: string;
  title: string;
  altText: string;
}

/** The PNG for a file model (a recap chart), or null for a kind this renderer does not know. */
export async function renderMessageFile(model: MessageFileModel): Promise<ChartFile | null> {
  if (model.kind !== 'recapChart' || model.weeks.length === 0) return null;
  const image = await drawChart({ chart: 'recap', data: { title: model.title, weeks: model.weeks } });
  const last = model.weeks.at(-1)!.week;
  return { content: image.png, filename: `recap-${last}.png`, title: model.title, altText: image.altText };
}

/** Where the chart goes in the recap: after the header, the intro and the figures. */
const CHART_POSITION = 3;

/** The message's arguments with the uploaded image shown (Block Kit's 50 blocks kept: the last one gives way). */
export function showMessageFile(args: Record<string, unknown>, file: { id: string; altText: string; title: string }): Record<string, unknown> {
  const blocks = Array.isArray(args.blocks) ? [...(args.blocks as KnownBlock[])] : [];
  const image: KnownBlock = { type: 'image', slack_file: { id: file.id }, alt_text: file.altText.slice(0, LIMITS.altText), title: { type: 'plain_text', text: file.title.slice(0, LIMITS.imageTitle) } };
  blocks.splice(Math.min(CHART_POSITION, blocks.length), 0, image);
  if (blocks.length > LIMITS.blocksPerMessage) blocks.length = LIMITS.blocksPerMessage;
  return { ...args, blocks };
}

export const messageFiles = { render: renderMessageFile, show: showMessageFile };

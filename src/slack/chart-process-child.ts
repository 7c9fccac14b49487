/**
 * The chart process (started by chart-process.ts over IPC): draws each chart it is asked for with
 * src/slack/views/chart.ts and answers the PNG and its alt text. ECharts and resvg load here, never in
 * the serving process. It ends when the parent closes the channel (or ends itself).
 */
import { memberChartPng, recapChartPng } from './views/chart.js';
import type { ChartReply, ChartRequest } from './chart-process.js';

function draw(request: ChartRequest) {
  return request.chart === 'recap' ? recapChartPng(request.data) : memberChartPng(request.data);
}

process.on('message', (message: { id: number; request: ChartRequest }) => {
  let reply: ChartReply;
  try {
    const image = draw(message.request);
    reply = { id: message.id, png: image.png, altText: image.altText, width: image.width, height: image.height };
  } catch (err) {
    reply = { id: message.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send?.(reply);
});
process.on('disconnect', () => process.exit(0));

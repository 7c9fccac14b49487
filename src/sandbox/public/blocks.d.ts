// Types for the page's Block Kit renderer (plain browser JS), so tests can import its pure parts.
export function h(tag: string, attrs?: Record<string, unknown>, ...children: unknown[]): unknown;
export function renderBlocks(blocks: unknown[], opts: Record<string, unknown>): unknown;
/** An image element's address: image_url, or an uploaded file (slack_file id or url) served by the sandbox. */
export function imageSrc(img: { image_url?: string; slack_file?: { id?: string; url?: string } }): string;

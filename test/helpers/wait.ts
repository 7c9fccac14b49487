/** Waiting in tests: for work an app does after its ack, a child process, a socket. */

export interface WaitOptions {
  /** Give up after this many milliseconds (default 5000). */
  ms?: number;
  /** Poll this often (default 10 ms). */
  every?: number;
  /** What is awaited, for the timeout's message (a function is called only on timeout). */
  what?: string | (() => string);
}

const optionsOf = (o: number | WaitOptions): WaitOptions => (typeof o === 'number' ? { ms: o } : o);

/** Polls `fn` until it returns something other than undefined, and returns that. */
export async function poll<T>(fn: () => T | undefined | Promise<T | undefined>, options: number | WaitOptions = {}): Promise<T> {
  const { ms = 5000, every = 10, what } = optionsOf(options);
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting${what === undefined ? '' : ` for ${typeof what === 'function' ? what() : what}`}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Waits until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, options: number | WaitOptions = {}): Promise<void> {
  await poll(async () => ((await check()) ? true : undefined), options);
}

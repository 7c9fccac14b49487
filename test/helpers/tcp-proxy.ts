/**
 * A TCP proxy for fault tests: put it in front of PostgreSQL and make the connection misbehave.
 * - `refuse(true)`: new connections are reset at once (the server is "down").
 * - `resetAll()`: every open connection is reset (RST) in both directions, as in a failover.
 * - `stall(true)`: bytes are held in both directions (the connection stays open, nothing arrives)
 *   until `stall(false)` lets them through in order.
 */
import net from 'node:net';

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  refuse(on: boolean): void;
  stall(on: boolean): void;
  /** Resets every open connection; returns how many there were. */
  resetAll(): number;
  /** Resets one open connection (chosen at random); false when none is open. */
  resetOne(): boolean;
  /** Open connection pairs. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  held: { to: net.Socket; chunk: Buffer }[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let refusing = false;
  let stalled = false;

  const forward = (pair: Pair, to: net.Socket, chunk: Buffer) => {
    if (stalled || pair.held.length > 0) pair.held.push({ to, chunk });
    else if (!to.destroyed) to.write(chunk);
  };
  const flush = (pair: Pair) => {
    for (const { to, chunk } of pair.held.splice(0)) if (!to.destroyed) to.write(chunk);
  };
  const drop = (pair: Pair) => {
    if (!pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  };

  const reset = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.upstream.resetAndDestroy();
  };

  const server = net.createServer((client) => {
    client.on('error', () => {});
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => {});
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    client.on('data', (c: Buffer) => forward(pair, upstream, c));
    upstream.on('data', (c: Buffer) => forward(pair, client, c));
    client.on('close', () => drop(pair));
    upstream.on('close', () => drop(pair));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    urlFor(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    refuse(on: boolean) {
      refusing = on;
    },
    stall(on: boolean) {
      stalled = on;
      if (!on) for (const p of pairs) flush(p);
    },
    resetAll() {
      const n = pairs.size;
      for (const p of [...pairs]) reset(p);
      return n;
    },
    resetOne() {
      const open = [...pairs];
      const p = open[Math.floor(Math.random() * open.length)];
      if (p) reset(p);
      return p !== undefined;
    },
    get connections() {
      return pairs.size;
    },
    async close() {
      for (const p of [...pairs]) drop(p);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

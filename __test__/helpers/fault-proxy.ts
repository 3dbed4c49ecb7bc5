import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * Which server reply a fault hits: the `nth` (1-based, counted across every
 * connection) reply that holds a `firstBatch` (find/aggregate) or a
 * `nextBatch` (getMore). Heartbeats and other commands never match, so the
 * driver's monitoring traffic cannot shift the count.
 */
export interface ReplyMatch {
  readonly batch: 'firstBatch' | 'nextBatch';
  readonly nth: number;
}

/**
 * What happens to that reply:
 * - `stall`: its first `afterBytes` bytes are relayed, then nothing more on that connection (a frozen server);
 * - `cut`: its first `afterBytes` bytes are relayed, then both sides of the connection are destroyed;
 * - `corrupt`: `length` bytes from `offset` (counted from the end of the 21-byte OP_MSG
 *   header and section kind, i.e. inside the reply document) are overwritten with `byte`, framing kept.
 */
export type FaultAction =
  | { readonly action: 'stall'; readonly afterBytes: number }
  | { readonly action: 'cut'; readonly afterBytes: number }
  | { readonly action: 'corrupt'; readonly offset: number; readonly length: number; readonly byte: number };

export type Fault = ReplyMatch & FaultAction;

/** OP_MSG header (16) + flagBits (4) + section kind (1). */
const OP_MSG_BODY = 21;

/**
 * A TCP relay on 127.0.0.1 between the driver and a test server, which can
 * stall, cut or corrupt one chosen reply, and drop every connection at once.
 * Replies are relayed whole message by message (the wire protocol's length
 * prefix frames them), so a fault lands on a known reply.
 */
export class FaultProxy {
  readonly #connections = new Set<{ client: Socket; upstream: Socket }>();
  #fault: Fault | undefined;
  #seen = { firstBatch: 0, nextBatch: 0 };
  /** Replies a fault has hit so far. */
  fired = 0;
  /** `performance.now()` when the last fault hit. */
  firedAt = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.#relay(client));
  }

  static async start(targetUri: string): Promise<FaultProxy> {
    const { hostname, port } = new URL(targetUri.replace(/^mongodb:/, 'http:'));
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy has no TCP address');
    return new FaultProxy(server, address.port, { host: hostname, port: Number(port) });
  }

  /** A connection string to the proxy; `directConnection` so the driver never looks past it. */
  uri(query = ''): string {
    return `mongodb://127.0.0.1:${this.port}/?directConnection=true${query ? `&${query}` : ''}`;
  }

  /** Arms one fault; the count of matching replies starts again from zero. */
  arm(fault: Fault | undefined): void {
    this.#fault = fault;
    this.#seen = { firstBatch: 0, nextBatch: 0 };
  }

  /** Connections open now. */
  get connections(): number {
    return this.#connections.size;
  }

  /** Destroys every relayed connection, as a network partition or a server restart would. */
  closeAll(): void {
    for (const { client, upstream } of this.#connections) {
      client.destroy();
      upstream.destroy();
    }
    this.#connections.clear();
  }

  async close(): Promise<void> {
    this.closeAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #relay(client: Socket): void {
    const upstream = createConnection(this.target);
    const pair = { client, upstream };
    this.#connections.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#connections.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    let stalled = false;
    upstream.on('data', (chunk: Buffer) => {
      if (stalled) return;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const verdict = this.#apply(message);
        if (verdict === 'pass') {
          client.write(message);
        } else if (verdict.action === 'corrupt') {
          client.write(verdict.bytes);
        } else {
          client.write(message.subarray(0, Math.min(verdict.afterBytes, length)));
          if (verdict.action === 'cut') {
            // Let the partial bytes leave before the connection goes.
            client.end(() => drop());
            return;
          }
          stalled = true;
          return;
        }
      }
    });
  }

  #apply(
    message: Buffer,
  ): 'pass' | { action: 'stall' | 'cut'; afterBytes: number } | { action: 'corrupt'; bytes: Buffer } {
    const fault = this.#fault;
    if (!fault) return 'pass';
    // A raw key name inside the reply document: `\0` keeps `firstBatchX` from matching.
    if (!message.includes(`${fault.batch}\0`, OP_MSG_BODY, 'latin1')) return 'pass';
    this.#seen[fault.batch] += 1;
    if (this.#seen[fault.batch] !== fault.nth) return 'pass';
    this.#fault = undefined;
    this.fired += 1;
    this.firedAt = performance.now();
    if (fault.action !== 'corrupt') return fault;
    const bytes = Buffer.from(message);
    const start = Math.min(OP_MSG_BODY + fault.offset, bytes.length);
    bytes.fill(fault.byte, start, Math.min(start + fault.length, bytes.length));
    return { action: 'corrupt', bytes };
  }
}

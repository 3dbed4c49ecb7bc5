import assert from 'node:assert/strict';
import { BSON, type CommandStartedEvent, type CommandSucceededEvent, type Long, type MongoClient } from 'mongodb';

type CursorReply = { id?: Long | number | bigint } | undefined;

/** With `raw: true` an event's reply holds the cursor document as bytes. */
function cursorOf(reply: unknown): CursorReply {
  const raw = (reply as { cursor?: unknown } | undefined)?.cursor;
  return (raw instanceof Uint8Array ? BSON.deserialize(raw) : raw) as CursorReply;
}

/**
 * Every server cursor a client opened, and how each ended: named by a
 * killCursors the server answered, or read to its end (a getMore answering
 * cursor id 0). Built on the driver's command monitoring
 * (`monitorCommands: true`) because FerretDB 1.24 reports no cursor count:
 * its `serverStatus.metrics` holds only command counters and `currentOp`
 * answers an empty `inprog` even with a cursor open. The ledger checks what
 * the client did, on any server.
 */
export class CursorLedger {
  readonly opened = new Set<string>();
  readonly killed = new Set<string>();
  /** Cursors a killCursors was sent for, answered or not. */
  readonly killSent = new Set<string>();
  readonly exhausted = new Set<string>();
  /** Replies to find and aggregate commands, opening a cursor or not (failures included). */
  replies = 0;
  readonly #getMores = new Map<number, string>();
  readonly #kills = new Map<number, string[]>();

  constructor(client: MongoClient) {
    client.on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'killCursors') {
        const ids = ((e.command.cursors as (Long | number)[]) ?? []).map(String);
        for (const id of ids) this.killSent.add(id);
        this.#kills.set(e.requestId, ids);
      } else if (e.commandName === 'getMore') {
        this.#getMores.set(e.requestId, String(e.command.getMore));
      }
    });
    client.on('commandSucceeded', (e: CommandSucceededEvent) => {
      // A killCursors counts once the server answered it, not when it was sent.
      if (e.commandName === 'killCursors') {
        for (const id of this.#kills.get(e.requestId) ?? []) this.killed.add(id);
        this.#kills.delete(e.requestId);
        return;
      }
      if (e.commandName === 'getMore') {
        const id = this.#getMores.get(e.requestId);
        this.#getMores.delete(e.requestId);
        if (id !== undefined && String(cursorOf(e.reply)?.id ?? '0') === '0') this.exhausted.add(id);
        return;
      }
      if (e.commandName !== 'find' && e.commandName !== 'aggregate') return;
      this.replies += 1;
      const id = cursorOf(e.reply)?.id;
      if (id !== undefined && String(id) !== '0') this.opened.add(String(id));
    });
    client.on('commandFailed', (e) => {
      this.#getMores.delete(e.requestId);
      this.#kills.delete(e.requestId);
      if (e.commandName === 'find' || e.commandName === 'aggregate') this.replies += 1;
    });
  }

  /** Opened cursors that are neither killed nor read to their end: still open on the server. */
  leaked(): string[] {
    return [...this.opened].filter((id) => !this.killed.has(id) && !this.exhausted.has(id));
  }

  /** Waits (up to `ms`) for `replies` replies, then for the background closes to reach the server. */
  async settle(replies: number, ms = 5_000): Promise<string[]> {
    const deadline = Date.now() + ms;
    const pending = () => this.replies < replies || this.leaked().length > 0;
    while (pending() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(this.replies >= replies, `${this.replies} of ${replies} first commands answered`);
    return this.leaked();
  }
}

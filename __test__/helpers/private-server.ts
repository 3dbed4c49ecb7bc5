import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A FerretDB of one test file's own, started by scripts/test-server.sh, so
 * that killing or freezing it harms no other test. Signals go only to the pid
 * in its own state file: never to a server this file did not start.
 */
export class PrivateServer {
  private constructor(
    readonly uri: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
  ) {}

  /** Starts one, on `port` when given (a restart keeps its address, so a client's pool can find it again). */
  static async start(port = 0): Promise<PrivateServer> {
    const dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-private-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGODB_ARROW_SERVER_STATE: join(dir, 'state'),
      MONGODB_ARROW_SERVER_PORT: String(port),
    };
    // Without MONGODB_URI the script starts a server instead of naming the shared one.
    delete env.MONGODB_URI;
    const { stdout } = await run('bash', ['scripts/test-server.sh', 'start'], { env });
    return new PrivateServer(stdout.trim().split('\n').at(-1) as string, env, dir);
  }

  async #pid(): Promise<number> {
    const state = await readFile(join(this.dir, 'state'), 'utf8');
    const pid = Number(/^pid=(\d+)$/m.exec(state)?.[1]);
    assert.ok(pid > 0, 'the server pid is in its state file');
    return pid;
  }

  /** SIGKILL: the server dies without closing its sockets cleanly. */
  async kill(): Promise<void> {
    process.kill(await this.#pid(), 'SIGKILL');
  }

  /** SIGSTOP: the server keeps its sockets open and answers nothing (a frozen or partitioned host). */
  async freeze(): Promise<void> {
    process.kill(await this.#pid(), 'SIGSTOP');
  }

  /** SIGCONT after {@link freeze}. */
  async thaw(): Promise<void> {
    process.kill(await this.#pid(), 'SIGCONT');
  }

  get port(): number {
    return Number(new URL(this.uri.replace(/^mongodb:/, 'http:')).port);
  }

  /** A new server (empty: the data went with the old one) on the same port, after a kill. */
  async restart(): Promise<PrivateServer> {
    await this.stop();
    return PrivateServer.start(this.port);
  }

  /** Stops the server (thawed first, so SIGTERM can act) and removes its directory. */
  async stop(): Promise<void> {
    await this.thaw().catch(() => undefined);
    await run('bash', ['scripts/test-server.sh', 'stop'], { env: this.env });
    await rm(this.dir, { recursive: true, force: true });
  }
}

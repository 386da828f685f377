import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../scripts/build.mjs';

/*
 * What `docker stop` or an orchestrator does to a server started with `npm start`: SIGTERM to the
 * npm process while requests are under way. Every request finishes with its answer, npm and the
 * server under it exit 0, nothing is left listening, and the data folder is free for the next start.
 *
 * The slow requests are real ones: sign-ins with a wrong password. Each checks the password with
 * argon2id (about 0.1 s here) inside its transaction, and the embedded database serves one
 * transaction at a time, so twenty take a couple of seconds and most are still under way when the
 * signal comes; the server's own log shows which finished after it began to stop.
 */

const SLOW_REQUESTS = 20;
const SIGN_IN_REFUSED = 'Enter a correct email address and password';

type LogLine = { msg?: string; reqId?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number } };

/** A started process and everything it has written to stdout, line by line. */
class Started {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';

  constructor(readonly child: ChildProcess) {
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get errors(): string {
    return this.stderr;
  }

  /** The JSON log entries (production logs one JSON object a line). */
  log(): LogLine[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  }
}

let dataDir: string;
let port: number;
let origin: string;
const started: Started[] = [];

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://parallel.example.org',
    TRUST_PROXY: 'false',
    LOG_LEVEL: 'info',
    // The twenty sign-ins come from one address: above the default limit of twenty a minute.
    LOGIN_RATE_LIMIT_PER_MINUTE: '100',
  };
  delete env.DATABASE_URL;
  return env;
}

function start(command: string, args: string[]): Started {
  // Its own process group, so that whatever a failed test leaves behind can be ended together.
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: environment(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const server = new Started(child);
  started.push(server);
  return server;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

/** Whether something still listens on the port: can another server take it? */
async function portIsFree(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Waits until /health/ready answers 200, or the process ends first. */
async function ready(server: Started): Promise<void> {
  let ended = false;
  void server.exited.then(() => {
    ended = true;
  });
  for (;;) {
    if (ended) {
      throw new Error(`The server ended before it was ready:\n${server.errors}`);
    }
    try {
      const response = await fetch(`${origin}/health/ready`);
      await response.arrayBuffer();
      if (response.status === 200) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every process under `pid`, children first. */
function descendantsOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-stop-'));
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const { child } of started) {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The embedded database's run only: the data folder is what a stop must free. (On PostgreSQL,
// scripts/compose-check.sh stops the production set-up with SIGTERM.)
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('stopping a server started with npm start', () => {
  it('finishes the requests under way, exits with npm and everything under it, and frees the data folder', async () => {
    const npm = start('npm', ['start']);
    await ready(npm);
    const npmPid = npm.child.pid ?? 0;
    const processes = descendantsOf(npmPid);
    expect(processes.length).toBeGreaterThan(0);

    const signInPage = await fetch(`${origin}/sign-in`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())?.[1] ?? '';
    const cookie = signInPage.headers
      .getSetCookie()
      .map((setCookie) => setCookie.split(';')[0])
      .join('; ');
    const form = new URLSearchParams({ email: 'robin.ashdown@example.org', password: 'not the right password', _csrf: csrf });
    const requests = Array.from({ length: SLOW_REQUESTS }, () =>
      fetch(`${origin}/sign-in`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: form.toString(),
      }).then(async (response) => ({ status: response.status, body: await response.text() })),
    );
    const signIns = (): LogLine[] =>
      npm
        .log()
        .filter((entry) => entry.msg === 'incoming request' && entry.req?.method === 'POST' && entry.req.url === '/sign-in');
    // Every request has reached the server before the signal.
    await until(() => signIns().length === SLOW_REQUESTS);

    process.kill(npmPid, 'SIGTERM');

    const answers = await Promise.all(requests);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toContain(SIGN_IN_REFUSED);
      expect(answer.body).toContain('</html>');
    }
    expect(await npm.exited).toEqual({ code: 0, signal: null });
    for (const pid of processes) {
      expect(isRunning(pid), `process ${pid} under npm start`).toBe(false);
    }
    expect(await portIsFree()).toBe(true);

    // The requests were under way at the signal: the server began to stop, then finished them.
    const log = npm.log();
    const stopping = log.findIndex((entry) => entry.msg === 'shutting down');
    const signInIds = new Set(signIns().map((entry) => entry.reqId));
    const finishedAfter = log.slice(stopping).filter((entry) => entry.msg === 'request completed' && signInIds.has(entry.reqId));
    expect(stopping).toBeGreaterThan(-1);
    expect(finishedAfter.length).toBeGreaterThan(0);
    expect(log.at(-1)?.msg).toBe('stopped');

    // The data folder is free: a second start on it serves, and stops cleanly in its turn.
    const again = start(process.execPath, ['dist/server.js']);
    await ready(again);
    process.kill(again.child.pid ?? 0, 'SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});

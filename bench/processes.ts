import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/*
 * The server's processes as bench/start.ts measures them on Linux (/proc): which one serves, its
 * CPU time and memory, and stopping them; a free port, and a pause.
 */

/** The process that serves: the deepest descendant of `npm start` (npm, a shell, then node). */
export function serverProcess(rootPid: number): number {
  let pid = rootPid;
  for (;;) {
    const next = childrenOf(pid);
    if (!next.length) {
      return pid;
    }
    pid = next.reduce((largest, candidate) => (residentMb(candidate) > residentMb(largest) ? candidate : largest));
  }
}

/** CPU time of a process and its descendants, those still running and those already reaped. */
export function cpuMs(rootPid: number): number {
  const ticksPerSecond = 100;
  let ticks = 0;
  const visit = (pid: number): void => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14 to 17 of stat, 12 to 15 after the name.
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    } catch {
      return;
    }
    for (const child of childrenOf(pid)) {
      visit(child);
    }
  };
  visit(rootPid);
  return Math.round((ticks * 1000) / ticksPerSecond);
}

export function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function residentMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
  const serverPid = serverProcess(child.pid ?? 0);
  try {
    process.kill(serverPid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  const timeout = setTimeout(() => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 10_000);
  await ended;
  // npm may end before its child has been reaped (the lock names it until then): wait for it to go.
  for (let i = 0; i < 200 && fs.existsSync(`/proc/${serverPid}`); i += 1) {
    await sleep(50);
  }
  clearTimeout(timeout);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

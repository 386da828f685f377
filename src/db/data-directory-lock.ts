import fs from 'node:fs';
import path from 'node:path';

/*
 * PGlite has no locking of its own: a second process on the same data directory would silently
 * lose writes. `parallel.lock` names the process that holds the directory, and is created
 * atomically, complete, so a second start is refused with a clear message.
 *
 * Node has no kernel file lock (flock or fcntl) without a native addon, so a lock can outlive its
 * process (kill -9, power cut) and its process id can later be given to another process. The lock
 * therefore names the holder by its process id, the time the process started (field 22 of
 * /proc/<pid>/stat, in clock ticks since boot) and the boot it started in: a live process with the
 * same id but another start is not the holder, and its lock is taken over. Where /proc does not
 * exist (macOS), only the process id can be checked.
 */

export class DataDirectoryInUseError extends Error {}

export const LOCK_FILE_NAME = 'parallel.lock';

/** Who holds a lock: "<pid> <start ticks> <boot id>"; a lock written before this held the pid alone. */
type LockHolder = { pid: number; started?: string; boot?: string };

/** Locks `dataDir` for this process; returns the function that releases it. */
export function lockDataDirectory(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const ours = lockContent(process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (createLock(lockPath, ours)) {
      return () => releaseLock(lockPath, ours);
    }
    const content = readIfPresent(lockPath);
    if (content === undefined) {
      continue; // released in the meantime
    }
    const holder = parseLock(content);
    if (holder && holdsTheLock(holder)) {
      throw new DataDirectoryInUseError(
        holder.pid === process.pid
          ? `The data directory ${dataDir} is already open in this process.`
          : `The data directory ${dataDir} is in use by another Parallel process (pid ${holder.pid}). ` +
              'Stop that process first, or set DATA_DIR to another directory.',
      );
    }
    takeOverStaleLock(dataDir, lockPath, content);
  }
  throw new DataDirectoryInUseError(`Could not lock the data directory ${dataDir}.`);
}

/**
 * Creates the lock with its content in one step: written aside, then linked into place, which
 * fails if a lock exists. A reader never sees an empty lock that a starting process has not yet
 * filled in. Where the file system has no hard links, an exclusive create.
 */
function createLock(lockPath: string, content: string): boolean {
  const draft = `${lockPath}.${process.pid}.new`;
  fs.writeFileSync(draft, content);
  try {
    fs.linkSync(draft, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return false;
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
      throw error;
    }
    return createExclusively(lockPath, content);
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

function createExclusively(lockPath: string, content: string): boolean {
  try {
    fs.writeFileSync(lockPath, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

/**
 * Removes a stale lock, unless another start has replaced it since it was read: the lock is moved
 * aside (one rename wins) and checked; if it was no longer the stale one, it is put back.
 */
function takeOverStaleLock(dataDir: string, lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return; // another start removed it first
    }
    throw error;
  }
  const moved = readIfPresent(aside);
  if (moved !== staleContent) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // A third start has locked the directory meanwhile: its lock stands.
    }
    fs.rmSync(aside, { force: true });
    throw new DataDirectoryInUseError(`The data directory ${dataDir} is being opened by another Parallel process.`);
  }
  fs.rmSync(aside, { force: true });
}

/** Removes the lock if it is still ours. */
function releaseLock(lockPath: string, ours: string): void {
  if (readIfPresent(lockPath) === ours) {
    fs.rmSync(lockPath, { force: true });
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function lockContent(pid: number): string {
  const identity = processIdentity(pid);
  return identity ? `${pid} ${identity.started} ${identity.boot}\n` : `${pid}\n`;
}

/** The lock's holder, or undefined for a lock that names no process (it is stale). */
export function parseLock(content: string): LockHolder | undefined {
  const [pidText, started, boot] = content.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    return undefined;
  }
  return started && boot ? { pid, started, boot } : { pid };
}

/** Whether the process the lock names is still the one that took it. */
function holdsTheLock(holder: LockHolder): boolean {
  if (!processIsRunning(holder.pid)) {
    return false;
  }
  const now = processIdentity(holder.pid);
  if (!now) {
    // Without /proc the process id is all there is to go on; with it, the process has just ended.
    return processIdentity(process.pid) === undefined;
  }
  if (holder.started === undefined) {
    // A lock written by an earlier version, with the pid alone: Parallel runs in Node.
    return runsNode(holder.pid);
  }
  return holder.started === now.started && holder.boot === now.boot;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (clock ticks since boot) and in which boot; undefined without /proc. */
export function processIdentity(pid: number): { started: string; boot: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid ...": the command may hold spaces and brackets, so count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const started = fields[22 - 3];
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return started && /^\d+$/.test(started) && boot ? { started, boot } : undefined;
  } catch {
    return undefined;
  }
}

function runsNode(pid: number): boolean {
  try {
    const program = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /node/i.test(path.basename(program));
  } catch {
    return true; // not ours to read: assume it may be the holder
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../scripts/build.mjs';
import { DataDirectoryInUseError, LOCK_FILE_NAME, lockDataDirectory, parseLock, processIdentity } from './data-directory-lock.js';
import { openPglite } from './database.js';

/*
 * The data directory's lock names its holder by process id, start time and boot, so a lock left
 * by a process that died (kill -9, power cut) is taken over even when its process id has since
 * been given to another live process, and a lock held by a live Parallel process is not.
 */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-lock-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    child.kill('SIGKILL');
  }
});

let directories = 0;
function newDataDir(): { dataDir: string; lockPath: string } {
  directories += 1;
  const dataDir = path.join(scratch, `data-${directories}`);
  fs.mkdirSync(dataDir);
  return { dataDir, lockPath: path.join(dataDir, LOCK_FILE_NAME) };
}

/** Another live program, which is not Parallel: `sleep 30`. */
async function startSleep(): Promise<number> {
  const sleep = spawn('sleep', ['30'], { stdio: 'ignore' });
  started.push(sleep);
  await new Promise((resolve, reject) => sleep.once('spawn', resolve).once('error', reject));
  return sleep.pid as number;
}

const onLinux = processIdentity(process.pid) !== undefined;

describe.skipIf(!onLinux)('the data directory lock (Linux, with /proc)', () => {
  it('takes over a lock whose process id now belongs to another live program, started after the holder died', async () => {
    const { dataDir, lockPath } = newDataDir();
    const sleepPid = await startSleep();
    const sleep = processIdentity(sleepPid);
    expect(sleep).toBeDefined();
    // Written by a Parallel process with that id that started earlier and is gone.
    fs.writeFileSync(lockPath, `${sleepPid} ${Number(sleep?.started) - 1000} ${sleep?.boot}\n`);
    const release = lockDataDirectory(dataDir);
    expect(parseLock(fs.readFileSync(lockPath, 'utf8'))).toEqual({ pid: process.pid, ...processIdentity(process.pid) });
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('takes over a lock written before the start time was recorded (the pid alone) when that pid is not a Node process', async () => {
    const { dataDir, lockPath } = newDataDir();
    fs.writeFileSync(lockPath, String(await startSleep()));
    const release = lockDataDirectory(dataDir);
    expect(parseLock(fs.readFileSync(lockPath, 'utf8'))?.pid).toBe(process.pid);
    release();
  });

  it('takes over a lock from an earlier boot, and one naming this very process id from an earlier start (a restarted container)', () => {
    const { dataDir, lockPath } = newDataDir();
    const ours = processIdentity(process.pid);
    fs.writeFileSync(lockPath, `${process.pid} ${ours?.started} 00000000-0000-0000-0000-000000000000\n`);
    lockDataDirectory(dataDir)();
    fs.writeFileSync(lockPath, `${process.pid} ${Number(ours?.started) - 1} ${ours?.boot}\n`);
    lockDataDirectory(dataDir)();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('keeps a lock whose holder is still the process that took it, whatever program it is', async () => {
    const { dataDir, lockPath } = newDataDir();
    const sleepPid = await startSleep();
    const sleep = processIdentity(sleepPid);
    fs.writeFileSync(lockPath, `${sleepPid} ${sleep?.started} ${sleep?.boot}\n`);
    expect(() => lockDataDirectory(dataDir)).toThrow(`is in use by another Parallel process (pid ${sleepPid})`);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(`${sleepPid} ${sleep?.started} ${sleep?.boot}\n`);
  });

  it('refuses a second open of the same directory in the same process, and takes over a lock that names no process', () => {
    const { dataDir, lockPath } = newDataDir();
    const release = lockDataDirectory(dataDir);
    expect(() => lockDataDirectory(dataDir)).toThrow(DataDirectoryInUseError);
    expect(() => lockDataDirectory(dataDir)).toThrow('is already open in this process');
    release();
    fs.writeFileSync(lockPath, '');
    lockDataDirectory(dataDir)();
    fs.writeFileSync(lockPath, 'not a process\n');
    lockDataDirectory(dataDir)();
  });

  it('leaves a lock that another process has taken over in place when releasing', () => {
    const { dataDir, lockPath } = newDataDir();
    const release = lockDataDirectory(dataDir);
    fs.writeFileSync(lockPath, '4242 1 another-boot\n');
    release();
    expect(fs.readFileSync(lockPath, 'utf8')).toBe('4242 1 another-boot\n');
  });

  it(
    'refuses to open a data directory that a live Parallel process holds, with a clear message, and opens it once that process has stopped',
    { timeout: 120_000 },
    async () => {
      const { dataDir, lockPath } = newDataDir();
      const holder = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/embedded-database-process.ts', 'hold', dataDir], {
        cwd: PROJECT_ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      started.push(holder);
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('holding') && resolve());
        holder.once('exit', (code) => reject(new Error(`the holding process exited (${code}) before holding the directory`)));
      });

      await expect(openPglite(dataDir)).rejects.toThrow(DataDirectoryInUseError);
      await expect(openPglite(dataDir)).rejects.toThrow(
        `The data directory ${dataDir} is in use by another Parallel process (pid ${holder.pid}). ` +
          'Stop that process first, or set DATA_DIR to another directory.',
      );
      expect(parseLock(fs.readFileSync(lockPath, 'utf8'))?.pid).toBe(holder.pid);

      holder.stdin?.end();
      await exited;
      expect(fs.existsSync(lockPath)).toBe(false);
      const handle = await openPglite(dataDir);
      expect(parseLock(fs.readFileSync(lockPath, 'utf8'))?.pid).toBe(process.pid);
      await handle.close();
    },
  );
});

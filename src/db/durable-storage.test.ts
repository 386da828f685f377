import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../scripts/build.mjs';

/*
 * A write the embedded database has acknowledged is on disk: traced from outside with strace, the
 * process that commits fsyncs its write-ahead log after each commit is sent and before the commit
 * resolves. With PGlite's defaults (fsync off, and Emscripten's fsync a no-op) there is no sync at
 * all, and this fails. CI installs strace; without it this is skipped, and says so.
 */

const COMMITS = 5;
const hasStrace = spawnSync('strace', ['-V']).error === undefined;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-durable-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Traced = { code: number | null; stdout: string; stderr: string; trace: string[] };

/** Runs the embedded database process under strace, following every thread it starts. */
function traceCommits(dataDir: string, traceFile: string): Promise<Traced> {
  const child = spawn(
    'strace',
    [
      '-f',
      '-y', // each file descriptor shown with the path it is open on
      '-qq',
      '-e',
      'trace=fsync,fdatasync,access,faccessat,faccessat2',
      '-o',
      traceFile,
      process.execPath,
      '--import',
      'tsx',
      'test/fixtures/embedded-database-process.ts',
      'commit',
      dataDir,
      String(COMMITS),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const trace = fs.existsSync(traceFile) ? fs.readFileSync(traceFile, 'utf8').split('\n') : [];
      resolve({ code, stdout, stderr, trace });
    });
  });
}

/** The labels of the acknowledgements, and the sync calls, in the order the kernel saw them. */
type TraceEvent = { acknowledged: string } | { synced: string };

function events(trace: string[], dataDir: string): TraceEvent[] {
  const acknowledgement = new RegExp(`"${escape(dataDir)}\\.acknowledged-([a-z0-9]+)"`);
  const sync = /\b(?:fsync|fdatasync)\(\d+<([^>]+)>\) = 0/;
  return trace.flatMap((line): TraceEvent[] => {
    const acknowledged = acknowledgement.exec(line)?.[1];
    if (acknowledged) {
      return [{ acknowledged }];
    }
    const synced = sync.exec(line)?.[1];
    return synced ? [{ synced }] : [];
  });
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the embedded database on disk, traced with strace', () => {
  it(
    'fsyncs the write-ahead log before each commit resolves, and a new data directory before it opens',
    { timeout: 120_000 },
    async (context) => {
      context.skip(!hasStrace, 'strace is not installed (apt-get install -y strace)');
      const dataDir = path.join(scratch, 'data');
      const traced = await traceCommits(dataDir, path.join(scratch, 'strace.log'));
      expect(traced.stderr).toBe('');
      expect(traced.code).toBe(0);

      const seen = events(traced.trace, dataDir);
      const labels = seen.flatMap((event) => ('acknowledged' in event ? [event.acknowledged] : []));
      const expected = ['opened', 'table', ...Array.from({ length: COMMITS }, (_, n) => String(n + 1)), 'transaction'];
      expect(labels).toEqual(expected);

      // Between one acknowledgement and the next lies one commit: its log reached the disk in between.
      const walSyncsBeforeEach = new Map<string, number>();
      let walSyncs = 0;
      for (const event of seen) {
        if ('acknowledged' in event) {
          walSyncsBeforeEach.set(event.acknowledged, walSyncs);
          walSyncs = 0;
        } else if (event.synced.includes(`${path.sep}pg_wal${path.sep}`)) {
          walSyncs += 1;
        }
      }
      for (const label of expected.slice(1)) {
        expect(walSyncsBeforeEach.get(label), `syncs of the write-ahead log before "${label}" was acknowledged`).toBeGreaterThan(
          0,
        );
      }

      // The new cluster, which PGlite writes out without syncing, is on disk before openPglite returns.
      const filesWhenOpened = JSON.parse(traced.stdout.split('\n')[0] ?? '[]') as string[];
      const opened = seen.findIndex((event) => 'acknowledged' in event && event.acknowledged === 'opened');
      const syncedBeforeOpen = new Set(seen.slice(0, opened).flatMap((event) => ('synced' in event ? [event.synced] : [])));
      expect(filesWhenOpened.length).toBeGreaterThan(100);
      expect(filesWhenOpened.filter((file) => !syncedBeforeOpen.has(file))).toEqual([]);
      expect(syncedBeforeOpen.has(path.join(dataDir, 'pgdata'))).toBe(true);
      expect(syncedBeforeOpen.has(dataDir)).toBe(true);
    },
  );
});

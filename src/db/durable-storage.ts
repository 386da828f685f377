import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/*
 * PGlite on disk, made to keep what it acknowledges.
 *
 * PGlite starts PostgreSQL with `-F` (fsync off), and even with fsync on nothing would reach the
 * disk: Emscripten's NODEFS, through which PostgreSQL reads and writes the data directory, has no
 * fsync operation, so fsync() returns success at once, and fdatasync() is a no-op in Emscripten's
 * system calls. Here NODEFS gets a real fsync, and PostgreSQL is told to use it: fsync on, and
 * `wal_sync_method=fsync` (its Linux default, fdatasync, would still reach the no-op). PostgreSQL
 * then fsyncs the write-ahead log before a commit returns, and the data files and folders before a
 * checkpoint recycles the log that covers them, as it does as a server.
 */

/** PostgreSQL settings for a data directory on disk: sync at commit, through fsync(). */
export function durableStartParams(startParams: readonly string[]): string[] {
  return [...startParams.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

/** The parts of Emscripten's module and NODEFS that the fsync below uses. */
type EmscriptenNodefs = {
  NODEFS: {
    stream_ops: Record<string, unknown>;
    tryFSOperation: <T>(operation: () => T) => T;
  };
};
type NodefsStream = { nfd?: number };

/** Emscripten's NODEFS with an fsync that reaches the operating system. */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, emscriptenOptions: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(pg, emscriptenOptions);
    const giveNodefsAnFsync = (module: unknown): void => {
      const { NODEFS } = module as EmscriptenNodefs;
      // Node's errors become the errno PostgreSQL sees: a failed fsync of the log is a PANIC there.
      NODEFS.stream_ops.fsync = (stream: NodefsStream): number => {
        if (stream.nfd !== undefined) {
          NODEFS.tryFSOperation(() => fs.fsyncSync(stream.nfd as number));
        }
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), giveNodefsAnFsync] } };
  }
}

/**
 * Flushes every file and folder under `directory`, and the folder that names it, to disk. A new
 * data directory is written by PGlite without PostgreSQL's own syncs (initdb makes it in memory, or
 * it comes from a dump, and it is copied out), and a cluster shut down cleanly is not synced again
 * at start: this is done once after it is made.
 */
export function syncNewDataDirectory(directory: string): void {
  syncDirectoryTree(directory);
  syncPath(path.dirname(directory));
}

function syncDirectoryTree(directory: string): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const child = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      syncDirectoryTree(child);
    } else if (entry.isFile()) {
      syncPath(child);
    }
  }
  syncPath(directory);
}

function syncPath(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

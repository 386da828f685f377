import { readFileSync, readdirSync } from 'node:fs';

/*
 * Where a page's CPU goes under load: this process (the servers and the load alike, or with PGlite
 * the database too) and PostgreSQL's server processes when they run on this machine (Linux: read
 * from /proc; elsewhere, or for a server on another machine, not measured).
 */

const TICKS_PER_SECOND = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in these on Linux

/** CPU milliseconds used so far by every PostgreSQL server process this user can see, or null. */
function postgresCpuMs(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (!stat.includes('(postgres)')) {
      continue;
    }
    found = true;
    // Fields after the command: state is the 3rd field of the line, utime the 14th and stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : null;
}

export type CpuSpent = { processMs: number; postgresMs: number | null };

/** Starts counting; the function returned says how much CPU was spent since (PostgreSQL's only if asked). */
export function cpuMeter(postgres: boolean): () => CpuSpent {
  const process0 = process.cpuUsage();
  const postgres0 = postgres ? postgresCpuMs() : null;
  return () => {
    const used = process.cpuUsage(process0);
    const postgres1 = postgres ? postgresCpuMs() : null;
    return {
      processMs: (used.user + used.system) / 1000,
      postgresMs: postgres0 === null || postgres1 === null ? null : postgres1 - postgres0,
    };
  };
}

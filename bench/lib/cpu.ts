import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** CPU time (seconds) used so far by the machine and by the processes a run involves; Linux only. */
export interface CpuSnapshot {
  at: number;
  machineBusy: number;
  postgres: number;
  server: number;
  bench: number;
}

/** Cores used on average between two snapshots, by group; `other` is the machine's rest (other processes). */
export interface CpuUse {
  machine: number;
  postgres: number;
  server: number;
  bench: number;
  other: number;
}

const TICKS = clockTicks();

/** Reads /proc: machine busy time, all `postgres` processes, the server child, this process with its reaped children (pgbench). */
export function cpuSnapshot(serverPid: number | null): CpuSnapshot | null {
  try {
    return { at: performance.now(), machineBusy: machineBusy(), postgres: postgresTime(), server: serverPid ? processTime(serverPid) : 0, bench: processTime('self') };
  } catch {
    return null;
  }
}

/** Average cores used per group between `from` and `to`. */
export function cpuBetween(from: CpuSnapshot | null, to: CpuSnapshot | null): CpuUse | null {
  if (!from || !to) return null;
  const seconds = (to.at - from.at) / 1000;
  const per = (key: keyof Omit<CpuSnapshot, 'at'>) => (to[key] - from[key]) / seconds;
  const use = { machine: per('machineBusy'), postgres: per('postgres'), server: per('server'), bench: per('bench') };
  return { ...use, other: Math.max(0, use.machine - use.postgres - use.server - use.bench) };
}

function machineBusy(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((a, b) => a + b, 0) - idle) / TICKS;
}

// utime + stime + cutime + cstime: a backend that exits is counted in its postmaster's cutime once reaped.
function statTimes(pid: number | string): { comm: string; seconds: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { comm: stat.slice(stat.indexOf('(') + 1, close), seconds: ticks / TICKS };
}

function processTime(pid: number | 'self'): number {
  try {
    return statTimes(pid).seconds;
  } catch {
    return 0;
  }
}

function postgresTime(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const times = statTimes(entry);
      if (times.comm === 'postgres') total += times.seconds;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}


function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

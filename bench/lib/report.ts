import os from 'node:os';
import type { CpuUse } from './cpu.js';
import type { IntakeResult } from './intake-load.js';
import type { IntakeTransactions } from './pg-stats.js';
import type { PgbenchResult } from './pgbench.js';
import type { ProfileSummary } from './profile.js';

/** Everything the run measured, for printing. */
export interface BenchReport {
  connections: number;
  seconds: number;
  poolSize: number;
  database: string;
  serverVersion: string;
  pgbench: PgbenchResult;
  pgbenchCpu: CpuUse | null;
  intake: IntakeResult;
  intakeCpu: CpuUse | null;
  intakeTransactions: IntakeTransactions;
  complaintsInDatabase: number;
  acknowledgedFound: number;
  acknowledged: number;
}

const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} ms`);
const cores = (use: CpuUse | null) =>
  use ? `machine ${use.machine.toFixed(2)}, postgres ${use.postgres.toFixed(2)}, ekhtyar server ${use.server.toFixed(2)}, bench+pgbench ${use.bench.toFixed(2)}, other processes ${use.other.toFixed(2)}` : 'n/a (no /proc)';

// Warm-up and load together: every transaction the server ran, and how many complaints each group commit carried.
function transactionsLine(t: IntakeTransactions): string {
  const per = t.complaints > 0 ? (t.transactions / t.complaints).toFixed(2) : 'n/a';
  const batch = t.writeTransactions > 0 ? (t.complaints / t.writeTransactions).toFixed(1) : 'n/a';
  return `${per} per complaint (${t.transactions} for ${t.complaints}); ${t.writeTransactions} group commits, batch avg ${batch}, max ${t.maxBatch}`;
}

/** Prints the figures as an aligned two-column table. */
export function printReport(r: BenchReport): void {
  const intakeRate = r.intake.created / r.intake.seconds;
  const rows: [string, string][] = [
    ['pgbench tps (1 INSERT/transaction)', r.pgbench.tps.toFixed(0)],
    ['intake req/s (201 Created)', intakeRate.toFixed(0)],
    ['ratio intake / pgbench', `${(intakeRate / r.pgbench.tps).toFixed(2)}x  (goal >= 1.00x)`],
    ['intake latency p50 / p99 / max', `${ms(r.intake.latencyP50Ms)} / ${ms(r.intake.latencyP99Ms)} (goal <= 50 ms) / ${ms(r.intake.latencyMaxMs)}`],
    ['pgbench latency avg / p50 / p99', `${ms(r.pgbench.latencyAvgMs)} / ${ms(r.pgbench.latencyP50Ms)} / ${ms(r.pgbench.latencyP99Ms)}`],
    ['connections / duration', `${r.connections} / ${r.seconds} s each (server pool ${r.poolSize})`],
    ['pgbench transactions (failed)', `${r.pgbench.transactions} (${r.pgbench.failed})`],
    ['intake 201 / other / errors', `${r.intake.created} / ${JSON.stringify(r.intake.otherStatuses)} / ${r.intake.errors} (timeouts ${r.intake.timeouts})`],
    ['acknowledged found in database', `${r.acknowledgedFound} of ${r.acknowledged} (complaints rows ${r.complaintsInDatabase}, incl. warm-up and in flight at stop)`],
    ['intake PostgreSQL transactions', transactionsLine(r.intakeTransactions)],
    ['cores used during pgbench', cores(r.pgbenchCpu)],
    ['cores used during intake', cores(r.intakeCpu)],
    ['PostgreSQL', r.serverVersion],
    ['database', r.database],
    ['node / cpus', `${process.version} / ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nEkhtyar intake vs pgbench\n${'-'.repeat(width + 40)}`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/** Prints where the server spent its CPU time (from --cpu-prof). */
export function printProfile(summary: ProfileSummary): void {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  console.log(`\nServer CPU profile (self time, all phases) — ${summary.file}`);
  console.log('by module:');
  for (const [name, share] of summary.byModule) console.log(`  ${pct(share)}  ${name}`);
  console.log('by function:');
  for (const [name, share] of summary.byFunction) console.log(`  ${pct(share)}  ${name}`);
}

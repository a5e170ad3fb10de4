import { CommanderError, type Command } from 'commander';
import { parseAnchorRef } from '../domain/audit/anchor-hash.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { ConfigError } from '../config.js';
import { AppError } from '../errors.js';
import { AuditVerifyService } from '../services/audit-verify.service.js';
import { AuditAnchorService } from '../services/audit-anchor.service.js';
import { EmailChannel } from '../channels/email/email.channel.js';
import { listAuditEntries, type AuditLogFilter } from '../store/audit-log.repository.js';
import { withDatabase } from './context.js';
import { stderrProgress } from './progress.js';

/** Exit codes of `ekhtyar audit verify`, for scripts and monitoring. */
export const VERIFY_EXIT = { intact: 0, broken: 1, usage: 2, couldNotRun: 3 } as const;

/** `ekhtyar audit verify | anchor | log`: check the hash chains, write an anchor now, list the audit log. */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('tamper evidence: verify the hash chains, write anchors, read the audit log')
    // A usage error is exit 2 here (1 means "tampering found" for verify), whatever commander's own code.
    .exitOverride((error) => {
      throw error.exitCode === 1 ? new CommanderError(VERIFY_EXIT.usage, error.code, error.message) : error;
    });

  audit
    .command('verify')
    .description('recompute every complaint event chain, the audit log chain and the anchors; exit 0 intact, 1 broken, 2 usage error, 3 could not run')
    .option('--complaint <code>', 'verify only this complaint\'s chain')
    .option('--anchor <id:hash>', 'also check that anchor <id> has this hash (from a mailed copy); repeatable', collect, [])
    .option('--batch <rows>', 'rows read per page', '5000')
    .action(async (options: { complaint?: string; anchor: string[]; batch: string }, command: Command) => {
      const complaintCode = options.complaint === undefined ? null : parseTrackingCode(options.complaint);
      if (options.complaint !== undefined && !complaintCode) command.error(`--complaint: "${options.complaint}" is not a valid tracking code`, { exitCode: VERIFY_EXIT.usage });
      const expectedAnchors = options.anchor.map((text) => parseAnchorRef(text) ?? command.error(`--anchor: "${text}" is not <id>:<64 hex digits>`, { exitCode: VERIFY_EXIT.usage }));
      const batchSize = Number(options.batch);
      if (!Number.isInteger(batchSize) || batchSize < 100 || batchSize > 100_000) command.error('--batch must be a whole number from 100 to 100000', { exitCode: VERIFY_EXIT.usage });
      await runVerify(command, { complaintCode, expectedAnchors, batchSize });
    });

  audit
    .command('anchor')
    .description('write an anchor of every chain now (and mail it when EKHTYAR_AUDIT_ANCHOR_EMAIL is set)')
    .action(async () => {
      await withDatabase(async (db, _log, config) => {
        const email = config.smtpUrl && config.auditAnchorEmail ? new EmailChannel(config.smtpUrl, config.mailFrom, new URL(config.publicUrl).hostname) : null;
        try {
          const { anchor, mailed } = await new AuditAnchorService(db, email && config.auditAnchorEmail ? { channel: email, to: config.auditAnchorEmail } : null).anchor();
          console.log(`anchor ${anchor.id}: ${anchor.hash.toString('hex')}`);
          console.log(`  ${anchor.eventCount} complaint events (ids up to ${anchor.cutoffEventId}), audit log up to id ${anchor.auditLogId}`);
          if (mailed?.ok) console.log(`  mailed to ${config.auditAnchorEmail}`);
          if (mailed && !mailed.ok) throw new Error(`anchor ${anchor.id} was written but could not be mailed: ${mailed.error}`);
        } finally {
          email?.close();
        }
      });
    });

  audit
    .command('log')
    .description('list audit log entries, newest first')
    .option('--action <action>', 'only this action (e.g. staff.sign_in)')
    .option('--actor <id>', 'only this actor id')
    .option('--subject <type[:id]>', 'only this subject type, or this one subject')
    .option('--since <time>', 'from this time (ISO 8601, e.g. 2026-01-31 or 2026-01-31T09:00+05:00)')
    .option('--until <time>', 'before this time')
    .option('--before <id>', 'entries older than this id (the next page)')
    .option('--limit <n>', 'entries to show', '50')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const { filter, before, limit } = logQuery(options, (message) => command.error(message, { exitCode: VERIFY_EXIT.usage }));
      await withDatabase(async (db) => {
        const page = await listAuditEntries(db, filter, { before, limit });
        for (const e of page.entries) {
          const subject = e.subjectType ? ` ${e.subjectType}${e.subjectId ? `:${e.subjectId}` : ''}` : '';
          console.log(`${e.id}  ${e.createdAt.toISOString()}  ${e.action}  ${e.actorRole}${e.actorId ? `:${e.actorId}` : ''}${subject}${e.ip ? `  ip ${e.ip}` : ''}  ${JSON.stringify(e.payload)}`);
        }
        if (page.nextBefore !== null) console.log(`(more: --before ${page.nextBefore})`);
      });
    });
}

async function runVerify(command: Command, options: { complaintCode: string | null; expectedAnchors: { id: number; hash: Buffer }[]; batchSize: number }): Promise<void> {
  const progress = stderrProgress();
  try {
    await withDatabase(async (db) => {
      const report = await new AuditVerifyService(db).verify({
        ...options,
        onProblem: (problem) => {
          progress.end();
          console.log(`BROKEN  ${problem.message}`);
        },
        onProgress: (p) => progress.update(p.phase, p.done, p.total),
      });
      progress.end();
      const seconds = report.ms / 1000;
      const scope = options.complaintCode ? `complaint ${options.complaintCode}: ` : '';
      const rest = options.complaintCode ? '' : `, ${report.auditEntries.toLocaleString('en')} audit log entries and ${report.anchors.toLocaleString('en')} anchors`;
      console.log(`${scope}checked ${report.events.toLocaleString('en')} events in ${report.complaints.toLocaleString('en')} complaint chains${rest} in ${seconds.toFixed(1)} s (${Math.round(report.events / Math.max(seconds, 0.001)).toLocaleString('en')} events/s)`);
      console.log(report.problems === 0 ? 'intact' : `${report.problems} problem${report.problems === 1 ? '' : 's'} found`);
      process.exitCode = report.problems === 0 ? VERIFY_EXIT.intact : VERIFY_EXIT.broken;
    });
  } catch (error) {
    progress.end();
    // "Broken" must mean tampering was found: anything that stopped the check itself exits with another code.
    if (error instanceof AppError || error instanceof ConfigError) command.error(error.message, { exitCode: VERIFY_EXIT.usage });
    console.error(`ekhtyar: the check could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = VERIFY_EXIT.couldNotRun;
  }
}

function logQuery(options: Record<string, string | undefined>, fail: (message: string) => never): { filter: AuditLogFilter; before: number | null; limit: number } {
  const filter: AuditLogFilter = {};
  if (options.action) filter.action = options.action;
  if (options.actor) filter.actorId = options.actor;
  if (options.subject) {
    const [type, ...id] = options.subject.split(':');
    filter.subjectType = type;
    if (id.length > 0) filter.subjectId = id.join(':');
  }
  for (const key of ['since', 'until'] as const) {
    const text = options[key];
    if (text === undefined) continue;
    const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(NaN);
    if (Number.isNaN(time.getTime())) fail(`--${key}: "${text}" is not a time (ISO 8601, e.g. 2026-01-31 or 2026-01-31T09:00+05:00)`);
    filter[key] = time;
  }
  const limit = Number(options.limit ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) fail('--limit must be a whole number from 1 to 1000');
  const before = options.before === undefined ? null : Number(options.before);
  if (before !== null && (!Number.isInteger(before) || before < 1)) fail('--before must be an entry id');
  return { filter, before, limit };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

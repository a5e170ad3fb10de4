import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { loadDataKeys } from '../data-keys.js';
import { createLogger } from '../logger.js';
import { startServer } from '../main.js';
import { migrate } from '../store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../store/seed.repository.js';
import { startCluster } from './cluster.js';
import { withDatabase } from './context.js';
import { registerAuditCommands } from './audit.command.js';
import { seedDemo } from './demo.js';
import { seedDemoStaff } from './demo-staff.js';
import { appendAuditEntry } from '../store/audit-log.repository.js';
import { registerUserCommands } from './user.command.js';
import { registerKeysCommands } from './keys.command.js';
import { registerRetentionCommands } from './retention.command.js';
import { registerOpen311Commands } from './open311.command.js';
import { registerClassifierCommands } from './classifier.command.js';
import { registerModelCommands } from './model.command.js';
import { HolidayRepository } from '../store/holiday.repository.js';

/** The `ekhtyar` command line: start, migrate, seed. Returns when the command is done (start runs until a signal). */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('ekhtyar').description('Ekhtyar citizen grievance redress platform').exitOverride().showHelpAfterError();

  program
    .command('start')
    .description('run migrations, seed on first start, and serve the web app and API')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config);
      const server = config.workers > 1 ? await startCluster(config, log) : await startServer(config, log);
      await new Promise<void>((resolve) => {
        let stopping = false;
        // Ctrl-C reaches every process of the group, and a cluster's primary also signals its workers: stop once.
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info({ signal }, 'shutting down');
          server.stop().then(resolve, (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      await withDatabase(async (db, log) => {
        const applied = await migrate(db, log);
        console.log(applied.length > 0 ? `applied ${applied.join(', ')}` : 'database is up to date');
      });
    });

  program
    .command('seed')
    .description("add the Khyber Pakhtunkhwa configuration (existing rows are kept; categories' extra-field definitions are updated)")
    .option('--demo', 'also add a year of synthetic complaints and a demo staff account of every role, for trials')
    .option('--complaints <n>', 'how many demo complaints', '5000')
    .action(async (options: { demo?: boolean; complaints: string }) => {
      const count = Number(options.complaints);
      if (!Number.isInteger(count) || count < 1 || count > 2_000_000) throw new Error('--complaints must be a whole number from 1 to 2000000');
      await withDatabase(async (db, log, config) => {
        await migrate(db, log);
        const added = await writeProvinceSeed(db, await readProvinceSeed());
        console.log(`added ${added.areas} areas, ${added.departments} departments, ${added.offices} offices, ${added.categories} categories, ${added.holidays} holidays`);
        if (added.categoryAttributes > 0) console.log(`updated the extra fields of ${added.categoryAttributes} categories`);
        if (!options.demo) return;
        console.log(`added ${await seedDemo(db, loadDataKeys(config, log).cipher, count)} demo complaints`);
        const staff = await seedDemoStaff(db, appendAuditEntry);
        if (staff.length > 0) console.log(`added demo staff accounts (temporary passwords, changed at first sign-in):\n${staff.map((s) => `  ${s.username.padEnd(18)} ${s.role.padEnd(20)} ${s.temporaryPassword}`).join('\n')}`);
      });
    });

  const holiday = program.command('holiday').description('public holidays the SLA calendar skips (lunar ones are entered each year)');
  holiday
    .command('add <date> <name>')
    .description('add a holiday (YYYY-MM-DD), or update it: e.g. confirm a provisional lunar date')
    .option('--ur <name>', 'Urdu name')
    .option('--ps <name>', 'Pashto name')
    .option('--kind <kind>', 'fixed, lunar or special', 'special')
    .option('--provisional', 'expected date, not yet notified')
    .action(async (date: string, name: string, options: { ur?: string; ps?: string; kind: string; provisional?: boolean }) => {
      if (!isCalendarDate(date)) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
      if (!['fixed', 'lunar', 'special'].includes(options.kind)) throw new Error('--kind must be fixed, lunar or special');
      if (name.trim() === '') throw new Error('the holiday needs a name');
      await withDatabase(async (db) => {
        await new HolidayRepository().upsert(db, { date, nameEn: name.trim(), nameUr: options.ur ?? null, namePs: options.ps ?? null, kind: options.kind as 'special', provisional: Boolean(options.provisional) });
        console.log(`${date} ${name.trim()} is a holiday${options.provisional ? ' (provisional)' : ''}; running servers use it within 30 s`);
      });
    });
  holiday
    .command('list [year]')
    .description('the holidays of a year (default: this year)')
    .action(async (yearText?: string) => {
      const year = yearText === undefined ? new Date().getFullYear() : Number(yearText);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('the year must be a whole number from 2000 to 2100');
      await withDatabase(async (db) => {
        for (const h of await new HolidayRepository().ofYear(db, year)) console.log(`${h.date}  ${h.nameEn}${h.provisional ? '  (provisional)' : ''}`);
      });
    });

  registerUserCommands(program, appendAuditEntry);
  registerKeysCommands(program);
  registerRetentionCommands(program);
  registerAuditCommands(program);
  registerOpen311Commands(program);
  registerClassifierCommands(program);
  registerModelCommands(program, appendAuditEntry);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return;
      process.exitCode = error.exitCode || 2;
      return;
    }
    if (error instanceof ConfigError) throw new Error(error.message);
    throw error;
  }
}

function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

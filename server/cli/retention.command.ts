import type { Command } from 'commander';
import { retentionCutoff, RetentionService } from '../services/retention.service.js';
import { migrate } from '../store/migrate.js';
import { wholeNumber, withDatabase } from './context.js';

/** `ekhtyar retention anonymise`: empties the personal data of citizens whose complaints all closed long ago, and deletes idle citizen accounts. */
export function registerRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('retention of personal data');
  retention
    .command('anonymise')
    .description('anonymise citizens all of whose complaints closed (in any closed state) more than N years ago, and delete citizen accounts not signed in for N years; complaints and statistics are kept')
    .requiredOption('--closed-before-years <n>', 'years since the last of their complaints closed (1 to 100)')
    .option('--dry-run', 'only count who would be anonymised')
    .option('--batch-size <n>', 'citizens per statement', '500')
    .action(async (options: { closedBeforeYears: string; dryRun?: boolean; batchSize: string }) => {
      const years = wholeNumber(options.closedBeforeYears, '--closed-before-years', 1, 100);
      const batchSize = wholeNumber(options.batchSize, '--batch-size', 1, 10_000);
      // No keys needed: anonymising empties values, it never reads them.
      await withDatabase(async (db, log) => {
        await migrate(db, log);
        const cutoff = retentionCutoff(years, new Date());
        let last = 0;
        const result = await new RetentionService(db).anonymise({
          cutoff,
          dryRun: Boolean(options.dryRun),
          batchSize,
          onProgress: (done, total) => {
            if (Date.now() - last < 1000 && done < total) return;
            last = Date.now();
            console.log(`${done} of ${total} citizens anonymised`);
          },
        });
        const when = cutoff.toISOString().slice(0, 10);
        console.log(
          options.dryRun
            ? `would anonymise ${result.citizens} citizens whose complaints all closed before ${when}, and empty the address of ${result.complaintAddresses} of their complaints and their extra fields' answers (dry run: nothing changed)`
            : `anonymised ${result.citizens} citizens whose complaints all closed before ${when}, and emptied the address of ${result.complaintAddresses} of their complaints and their extra fields' answers; the complaints, their events and statistics are kept`,
        );
        console.log(
          options.dryRun
            ? `would delete ${result.citizenAccounts} citizen accounts not signed in since ${when}, with their sessions`
            : `deleted ${result.citizenAccounts} citizen accounts not signed in since ${when}, with their sessions`,
        );
        if (result.eventsWithPersonalKeys > 0) {
          console.log(`${result.eventsWithPersonalKeys} events of their complaints carry a personal field in their payload (written before 0009); events are append-only and hash-chained, so they are left as they are`);
        }
      });
    });
}

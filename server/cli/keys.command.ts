import type { Command } from 'commander';
import { addKeyToFile, findDataKeys, loadDataKeys } from '../data-keys.js';
import { formatDataKey, generateDataKey, KEY_ID_PATTERN } from '../domain/privacy/data-keys.js';
import { DataKeyService, type RotationProgress } from '../services/data-key.service.js';
import { migrate } from '../store/migrate.js';
import { wholeNumber, withDatabase } from './context.js';

/** `ekhtyar keys generate|status|rotate|retire`: the keys that seal personal data. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('the keys that seal personal data at rest: generate, status, rotate, retire');

  keys
    .command('generate')
    .description('print a new key ("<id>:<base64>") to put first in EKHTYAR_DATA_KEYS or in a key file')
    .action(() => {
      console.log(formatDataKey(generateDataKey()));
    });

  keys
    .command('status')
    .description('how many values and lookups are sealed under each key id (a full scan)')
    .action(async () => {
      await withDatabase(async (db, log, config) => {
        await migrate(db, log);
        const ring = findDataKeys(config, log);
        const status = await new DataKeyService(db, ring?.cipher ?? null).status();
        console.log(ring ? `current key: ${ring.cipher.currentKeyId} (from ${ring.source}); held: ${ring.cipher.keyIds().join(', ')}` : 'no data keys configured here');
        console.log(`${'key'.padEnd(24)} ${'values'.padStart(10)} ${'lookups'.padStart(10)}  registry`);
        const ids = [...new Set([...status.counts.map((c) => c.keyId), ...status.registered.map((k) => k.id)])];
        for (const id of ids) {
          const count = status.counts.find((c) => c.keyId === id) ?? { values: 0, lookups: 0 };
          const known = status.registered.find((k) => k.id === id);
          const registry = id === null ? 'written before encryption: run "ekhtyar keys rotate"' : !known ? 'not registered' : known.retiredAt ? `retired ${known.retiredAt.toISOString()}` : 'in use';
          console.log(`${(id ?? '(clear)').padEnd(24)} ${String(count.values).padStart(10)} ${String(count.lookups).padStart(10)}  ${registry}`);
        }
      });
    });

  keys
    .command('rotate')
    .description('re-seal every value under the current key and recompute every lookup; safe while servers run, and resumable')
    .option('--new-key', 'first put a newly generated key at the top of the key file (keys in a file only)')
    .option('--batch-size <n>', 'rows per transaction', '500')
    .action(async (options: { newKey?: boolean; batchSize: string }) => {
      const batchSize = wholeNumber(options.batchSize, '--batch-size', 1, 10_000);
      await withDatabase(async (db, log, config) => {
        await migrate(db, log);
        let ring = loadDataKeys(config, log);
        // The keys held now must agree with the database before anything is added or rewritten.
        await new DataKeyService(db, ring.cipher).checkAndRegister(ring.source);
        if (options.newKey) {
          if (!ring.file) throw new Error('--new-key adds a key to a key file, but the keys come from EKHTYAR_DATA_KEYS: put a new key first there ("ekhtyar keys generate" prints one), restart the servers, then run "ekhtyar keys rotate"');
          const key = generateDataKey();
          addKeyToFile(ring.file, key);
          console.log(`added key ${key.id} at the top of ${ring.file}; back the file up again. Servers reading this file pick it up; restart those configured otherwise.`);
          ring = loadDataKeys(config, log);
        }
        const service = new DataKeyService(db, ring.cipher);
        await service.checkAndRegister(ring.source);
        const result = await service.rotate({ batchSize, onProgress: progressPrinter() });
        const { citizens, citizen_accounts: accounts, complaints, complaint_attributes: answers, privacy_secrets: secrets } = result.rewritten;
        console.log(
          `rotated to ${result.keyId}: ${citizens} citizens, ${accounts} citizen accounts, ${complaints} complaint addresses, ${answers} complaints' extra-field answers, ${secrets} secrets re-sealed (${citizens + accounts + complaints + answers + secrets} values)`,
        );
        if (result.retired.length > 0) console.log(`retired ${result.retired.join(', ')}: nothing is sealed under them any more; they may be removed from the configuration`);
        if (result.remaining > 0) {
          // Rows busy at the time, or written by a process still sealing under an older key.
          console.error(`${result.remaining} values or lookups are still under other keys: make sure every server runs with ${result.keyId} first, then run "ekhtyar keys rotate" again`);
          process.exitCode = 1;
        }
      });
    });

  keys
    .command('retire <keyId>')
    .description('take a key off the database\'s list once nothing is sealed under it (e.g. a key that was never used and is lost)')
    .action(async (keyId: string) => {
      if (!KEY_ID_PATTERN.test(keyId)) throw new Error(`"${keyId.slice(0, 40)}" is not a key id (1 to 32 letters, digits, '-' or '_')`);
      await withDatabase(async (db, log, config) => {
        await migrate(db, log);
        const ring = findDataKeys(config, log);
        if (ring?.cipher.currentKeyId === keyId) throw new Error(`${keyId} is the current key; rotate to another first`);
        if (!(await new DataKeyService(db, ring?.cipher ?? null).retire(keyId))) throw new Error(`values or lookups are still sealed under ${keyId}: run "ekhtyar keys rotate" with it configured first`);
        console.log(`${keyId} is retired`);
      });
    });
}

// One line a second at most, and the last of each table, so a long rotation shows it is moving without flooding.
function progressPrinter(): (progress: RotationProgress) => void {
  let last = 0;
  return ({ table, done, total }) => {
    if (Date.now() - last < 1000 && done < total) return;
    last = Date.now();
    console.log(`${table}: ${done} of ${total} rows`);
  };
}

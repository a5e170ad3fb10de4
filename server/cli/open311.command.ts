import type { Command } from 'commander';
import { createOpen311Key } from '../services/open311.service.js';
import { migrate } from '../store/migrate.js';
import { Open311Repository } from '../store/open311.repository.js';
import { withDatabase } from './context.js';

/** `ekhtyar open311 key add|list|revoke`: the API keys Open311 GeoReport v2 clients file requests with. */
export function registerOpen311Commands(program: Command): void {
  const key = program.command('open311').description('Open311 GeoReport v2 at /open311/v2').command('key').description('API keys of the clients that may POST service requests');

  key
    .command('add <name>')
    .description('make a key for a client (printed once: only its hash is kept)')
    .action(async (name: string) => {
      const trimmed = name.trim();
      if (trimmed.length < 1 || trimmed.length > 100) throw new Error('the client name must be 1 to 100 characters');
      await withDatabase(async (db, log) => {
        await migrate(db, log);
        const made = await createOpen311Key(db, new Open311Repository(), trimmed);
        if (!made) throw new Error(`a key named "${trimmed}" exists already; revoke it first or choose another name`);
        console.log(made);
        console.error(`key for "${trimmed}" made: give it to the client now, it cannot be shown again`);
      });
    });

  key
    .command('list')
    .description('the keys by name, with when each was made, last used and revoked')
    .action(async () => {
      await withDatabase(async (db, log) => {
        await migrate(db, log);
        for (const k of await new Open311Repository().listKeys(db)) {
          const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : 'never used';
          console.log(`${k.name.padEnd(30)} made ${k.createdAt.toISOString()}  ${used}${k.revokedAt ? `  revoked ${k.revokedAt.toISOString()}` : ''}`);
        }
      });
    });

  key
    .command('revoke <name>')
    .description('stop a key working at once')
    .action(async (name: string) => {
      await withDatabase(async (db, log) => {
        await migrate(db, log);
        if (!(await new Open311Repository().revokeKey(db, name.trim(), new Date()))) throw new Error(`no working key is named "${name.trim()}"`);
        console.log(`revoked the key of "${name.trim()}"`);
      });
    });
}

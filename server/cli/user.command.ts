import type { Command } from 'commander';
import type { StaffRole } from '../domain/actor.js';
import { isStaffRole, STAFF_ROLES } from '../domain/identity/roles.js';
import type { ScopeEntry } from '../domain/permissions/jurisdiction.js';
import { AppError } from '../errors.js';
import { ReferenceDataService } from '../services/reference-data.service.js';
import { StaffUserService } from '../services/staff-user.service.js';
import type { Db } from '../store/db.js';
import { SessionRepository } from '../store/session.repository.js';
import { StaffUserRepository } from '../store/staff-user.repository.js';
import { withDatabase } from './context.js';
import type { AuditRecorder } from '../services/audit.js';

// The operator at the server's command line acts as the system; the audit trail names the command.
const OPERATOR = { role: 'system', id: 'cli' } as const;

/** `ekhtyar user add|list|reset-password|unlock|disable|enable`: staff accounts from the command line (the first administrator above all). */
export function registerUserCommands(program: Command, audit: AuditRecorder): void {
  const user = program.command('user').description('staff accounts (the first administrator is made here; the rest in the admin API too)');
  const service = (db: Db) => new StaffUserService(db, new StaffUserRepository(), new SessionRepository(), new ReferenceDataService(db, 0), audit);
  const byName = async (db: Db, username: string) => {
    const found = await new StaffUserRepository().findByUsername(db, username.trim().toLowerCase());
    if (!found) throw new Error(`there is no account "${username}"`);
    return found;
  };

  user
    .command('add <username>')
    .description('add an account; prints a temporary password to change at first sign-in (unless --password-stdin)')
    .requiredOption('--role <role>', `one of ${STAFF_ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'the name shown to colleagues')
    .option('--email <address>', 'work e-mail address')
    .option('--office <id...>', 'office(s) they work in (officers, heads of office), e.g. "lg@kp.peshawar"')
    .option('--scope <department:area...>', 'scope pairs for monitors, e.g. "health:kp" or "*:kp" for every department')
    .option('--password-stdin', 'read the password from standard input instead of generating a temporary one')
    .action(async (username: string, options: { role: string; name: string; email?: string; office?: string[]; scope?: string[]; passwordStdin?: boolean }) => {
      if (!isStaffRole(options.role)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      const scope = (options.scope ?? []).map(parseScope);
      const password = options.passwordStdin ? await readStdin() : undefined;
      await withDatabase(async (db) => {
        const { user: created, temporaryPassword } = await explain(() =>
          service(db).create(OPERATOR, { username, displayName: options.name, email: options.email ?? null, role: options.role as StaffRole, officeIds: options.office ?? [], scope, ...(password !== undefined && { password }) }),
        );
        console.log(`added ${created.username} (${created.role}), id ${created.id}`);
        if (temporaryPassword) console.log(`temporary password: ${temporaryPassword}\n(hand it over privately; it must be changed at first sign-in)`);
      });
    });

  user
    .command('list')
    .description('list accounts')
    .option('--role <role>', 'only this role')
    .action(async (options: { role?: string }) => {
      if (options.role !== undefined && !isStaffRole(options.role)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      await withDatabase(async (db) => {
        let after: string | undefined;
        for (;;) {
          const page = await service(db).list(OPERATOR, { ...(options.role && { role: options.role as StaffRole }), ...(after && { after }), limit: 500 });
          for (const u of page) console.log([u.username, u.role, u.displayName, u.officeIds.join(',') || '-', u.disabledAt ? 'disabled' : u.lockedUntil && u.lockedUntil > new Date() ? 'locked' : 'active'].join('\t'));
          if (page.length < 500) break;
          after = page.at(-1)?.username;
        }
      });
    });

  user
    .command('reset-password <username>')
    .description('set a temporary password (ends the account’s sessions and lifts any lock)')
    .action(async (username: string) => {
      await withDatabase(async (db) => {
        const temporary = await explain(async () => service(db).resetPassword(OPERATOR, (await byName(db, username)).id));
        console.log(`temporary password: ${temporary}`);
      });
    });

  user
    .command('unlock <username>')
    .description('lift a lockout after wrong passwords')
    .action(async (username: string) => {
      await withDatabase(async (db) => {
        await explain(async () => service(db).unlock(OPERATOR, (await byName(db, username)).id));
        console.log(`${username} unlocked`);
      });
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'disable an account (it is kept, with its history; its sessions end)' : 'enable a disabled account')
      .action(async (username: string) => {
        await withDatabase(async (db) => {
          await explain(async () => service(db).update(OPERATOR, (await byName(db, username)).id, { disabled }));
          console.log(`${username} ${disabled ? 'disabled' : 'enabled'}`);
        });
      });
  }
}

/** "department:area" (department "*" for every department) → a scope pair. */
export function parseScope(text: string): ScopeEntry {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) throw new Error(`--scope "${text}" must be department:area, e.g. health:kp.peshawar or *:kp`);
  const department = text.slice(0, at).trim();
  return { departmentId: department === '*' ? null : department, areaId: text.slice(at + 1).trim() };
}

// A refusal from the service becomes one readable message, each bad field on its own line.
async function explain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new Error([error.message, ...error.errors.map((e) => `  ${e.pointer.replace(/^\//, '')}: ${e.detail}`)].join('\n'));
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

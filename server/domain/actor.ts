/** Roles of DESIGN.md section 1, plus the system itself (jobs, routing). */
export type ActorRole =
  | 'citizen'
  | 'intake_agent'
  | 'officer'
  | 'head_of_office'
  | 'department_monitor'
  | 'provincial_monitor'
  | 'analyst'
  | 'administrator'
  | 'system';

/** Every actor role, in the order of DESIGN.md section 1 (system last). */
export const ACTOR_ROLES: readonly ActorRole[] = [
  'citizen',
  'intake_agent',
  'officer',
  'head_of_office',
  'department_monitor',
  'provincial_monitor',
  'analyst',
  'administrator',
  'system',
];

/** Roles held by staff user accounts: everyone but the citizen and the system. */
export type StaffRole = Exclude<ActorRole, 'citizen' | 'system'>;

/** Who did something: recorded on every event. id is a staff user id, citizen id, or a system component name. */
export interface Actor {
  role: ActorRole;
  id: string | null;
}

/** True when the value is one of ACTOR_ROLES (for checking roles read from tokens or the database). */
export function isActorRole(value: unknown): value is ActorRole {
  return typeof value === 'string' && (ACTOR_ROLES as readonly string[]).includes(value);
}

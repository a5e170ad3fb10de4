import { describe, expect, it } from 'vitest';
import { ACTOR_ROLES } from '../actor.js';
import {
  CLOSURE_KIND,
  COMMAND_TYPES,
  COMPLAINT_STATES,
  ESCALATION_LEVELS,
  EVENT_TYPES,
  FINAL_STATES,
  MAX_ESCALATION_LEVEL,
  OPEN_STATES,
  availableCommands,
  decide,
  isOpen,
} from './index.js';
import type { ComplaintState, EscalationLevel, LifecycleCommand, LifecycleSnapshot } from './index.js';

const at = (state: ComplaintState, escalationLevel: EscalationLevel = 0): LifecycleSnapshot => ({ state, escalationLevel });
const citizen = { role: 'citizen' } as const;
const officer = { role: 'officer' } as const;
const head = { role: 'head_of_office' } as const;
const system = { role: 'system' } as const;

/** One valid command of every type (feedback twice: satisfied and not). */
const SAMPLES: LifecycleCommand[] = [
  { type: 'route', officeId: 'o1' },
  { type: 'send_to_triage', reason: 'unsure' },
  { type: 'assign_office', officeId: 'o2' },
  { type: 'acknowledge' },
  { type: 'assign_officer', officerId: 'u1' },
  { type: 'ask_information', question: 'Where?' },
  { type: 'provide_information' },
  { type: 'add_note' },
  { type: 'public_update' },
  { type: 'transfer', toOfficeId: 'o3', reason: 'wrong office' },
  { type: 'resolve', outcome: 'partial_relief', reason: 'budget' },
  { type: 'propose_rejection', reason: 'out of scope' },
  { type: 'reject', reason: 'out of scope' },
  { type: 'contest', reason: 'it is in scope' },
  { type: 'feedback', satisfied: true },
  { type: 'feedback', satisfied: false, reason: 'not fixed' },
  { type: 'withdraw', reason: 'sorted out myself' },
  { type: 'merge_duplicate', masterComplaintId: 'c1' },
  { type: 'close_no_response' },
  { type: 'escalate' },
  { type: 'recategorise', categoryId: 'c2', reason: 'wrong category' },
];

describe('closing a complaint', () => {
  it("refuses to close a resolved complaint without the citizen's answer", () => {
    for (const command of SAMPLES) {
      for (const role of ACTOR_ROLES) {
        const decision = decide(at('resolved'), command, { role });
        const isSatisfiedCitizen = command.type === 'feedback' && command.satisfied && role === 'citizen';
        if (decision.ok && !isSatisfiedCitizen) expect(decision.state).not.toBe('closed');
      }
    }
  });

  it('closes as closed only on the citizen saying they are satisfied, from any state', () => {
    for (const state of COMPLAINT_STATES) {
      for (const command of SAMPLES) {
        for (const role of ACTOR_ROLES) {
          const decision = decide(at(state), command, { role });
          if (decision.ok && decision.state === 'closed') {
            expect({ state, command, role }).toEqual({ state: 'resolved', command: SAMPLES[14], role: 'citizen' });
          }
        }
      }
    }
  });

  it('never closes on resolve: the office records an outcome and waits for the citizen', () => {
    const decision = decide(at('in_progress'), { type: 'resolve', outcome: 'full_relief' }, officer);
    expect(decision).toMatchObject({ ok: true, state: 'resolved', closes: false });
  });

  it('marks every entry into a final state as closing, and nothing else', () => {
    expect(decide(at('resolved'), { type: 'feedback', satisfied: true }, citizen)).toMatchObject({ closes: true });
    expect(decide(at('resolved'), { type: 'close_no_response' }, system)).toMatchObject({ closes: true });
    expect(decide(at('submitted'), { type: 'withdraw' }, citizen)).toMatchObject({ closes: true });
    expect(decide(at('triage'), { type: 'reject', reason: 'spam' }, head)).toMatchObject({ closes: true });
    expect(decide(at('assigned'), { type: 'merge_duplicate', masterComplaintId: 'c' }, officer))
      .toMatchObject({ closes: true });
    expect(decide(at('rejected'), { type: 'contest', reason: 'no' }, citizen)).toMatchObject({ closes: false });
  });

  it("refuses satisfied feedback on a complaint closed for no response, which only the citizen's 'not satisfied' reopens", () => {
    expect(decide(at('closed_no_response'), { type: 'feedback', satisfied: true }, citizen))
      .toMatchObject({ ok: false, code: 'transition_not_allowed' });
    expect(decide(at('closed_no_response', 1), { type: 'feedback', satisfied: false, reason: 'never fixed' }, citizen))
      .toMatchObject({ ok: true, state: 'assigned', escalationLevel: 2, reopened: true, closes: false });
  });

  it('counts each final state as its own kind of closure, with closed meaning satisfied', () => {
    expect(CLOSURE_KIND).toEqual({
      closed: 'satisfied', closed_no_response: 'no_response', withdrawn: 'withdrawn', duplicate: 'duplicate',
      rejected: 'rejected',
    });
    expect([...FINAL_STATES].sort()).toEqual(COMPLAINT_STATES.filter((s) => !isOpen(s)).sort());
    expect(COMPLAINT_STATES.filter(isOpen)).toEqual([...OPEN_STATES]);
  });
});

describe('reasons and fields', () => {
  const blankReasons = ['', '   ', '\n\t '];
  const needingReason: [string, ComplaintState, { role: 'system' | 'officer' | 'head_of_office' | 'citizen' },
    (reason: string) => LifecycleCommand][] = [
    ['send_to_triage', 'submitted', system, (reason) => ({ type: 'send_to_triage', reason })],
    ['transfer', 'assigned', officer, (reason) => ({ type: 'transfer', toOfficeId: 'o', reason })],
    ['resolve with partial relief', 'in_progress', officer,
      (reason) => ({ type: 'resolve', outcome: 'partial_relief', reason })],
    ['resolve with no relief', 'in_progress', head, (reason) => ({ type: 'resolve', outcome: 'no_relief', reason })],
    ['propose_rejection', 'in_progress', officer, (reason) => ({ type: 'propose_rejection', reason })],
    ['reject', 'awaiting_citizen', head, (reason) => ({ type: 'reject', reason })],
    ['contest', 'rejected', citizen, (reason) => ({ type: 'contest', reason })],
    ['feedback not satisfied', 'resolved', citizen, (reason) => ({ type: 'feedback', satisfied: false, reason })],
  ];

  it.each(needingReason)('refuses %s with a blank reason, and accepts it with one', (_name, state, actor, make) => {
    expect(decide(at(state), make('because'), actor)).toMatchObject({ ok: true });
    for (const reason of blankReasons) {
      expect(decide(at(state), make(reason), actor)).toMatchObject({ ok: false, code: 'reason_required' });
    }
    const { reason: _dropped, ...withoutReason } = make('x') as { reason: string };
    expect(decide(at(state), withoutReason as LifecycleCommand, actor)).toMatchObject({ ok: false, code: 'reason_required' });
  });

  it('resolves with full relief without a reason', () => {
    expect(decide(at('in_progress'), { type: 'resolve', outcome: 'full_relief' }, head)).toMatchObject({ ok: true });
  });

  it('lets the citizen withdraw without giving a reason', () => {
    expect(decide(at('in_progress'), { type: 'withdraw' }, citizen)).toMatchObject({ ok: true, state: 'withdrawn' });
  });

  it('refuses malformed commands as invalid_command', () => {
    const bad: [ComplaintState, unknown, { role: 'system' | 'officer' | 'citizen' | 'head_of_office' }][] = [
      ['submitted', { type: 'route', officeId: ' ' }, system],
      ['in_progress', { type: 'resolve', outcome: 'fixed' }, officer],
      ['in_progress', { type: 'ask_information', question: '' }, officer],
      ['resolved', { type: 'feedback', satisfied: 'yes' }, citizen],
      ['assigned', { type: 'assign_officer' }, head],
      ['in_progress', { type: 'withdraw', reason: 42 }, citizen],
      ['submitted', { type: 'close_everything' }, system],
      ['submitted', { type: 'toString' }, system],
      ['submitted', null, system],
    ];
    for (const [state, command, actor] of bad) {
      expect(decide(at(state), command as LifecycleCommand, actor)).toMatchObject({ ok: false, code: 'invalid_command' });
    }
  });

  it('throws on a snapshot that cannot come from a valid complaint (corrupt data, not a user error)', () => {
    expect(() => decide({ state: 'lost', escalationLevel: 0 } as unknown as LifecycleSnapshot, { type: 'escalate' }, system))
      .toThrow(TypeError);
    expect(() => decide({ state: 'assigned', escalationLevel: 4 } as unknown as LifecycleSnapshot, { type: 'escalate' }, system))
      .toThrow(TypeError);
  });
});

describe('the order of checks: state, then actor, then fields, then escalation level', () => {
  it('reports the state when both the state and the actor are wrong', () => {
    expect(decide(at('closed'), { type: 'resolve', outcome: 'full_relief' }, citizen))
      .toMatchObject({ ok: false, code: 'transition_not_allowed' });
  });

  it('reports the actor when the actor is wrong and the reason is blank', () => {
    expect(decide(at('assigned'), { type: 'reject', reason: '' }, officer))
      .toMatchObject({ ok: false, code: 'actor_not_allowed' });
  });

  it('reports the state before a blank reason', () => {
    expect(decide(at('closed'), { type: 'reject', reason: '' }, head))
      .toMatchObject({ ok: false, code: 'transition_not_allowed' });
  });
});

describe('escalation', () => {
  it('lists the chain from officer to provincial monitor', () => {
    expect(ESCALATION_LEVELS).toEqual(['officer', 'head_of_office', 'department_monitor', 'provincial_monitor']);
    expect(MAX_ESCALATION_LEVEL).toBe(3);
  });

  it.each([0, 1, 2] as const)('raises a complaint at level %i by one', (level) => {
    expect(decide(at('in_progress', level), { type: 'escalate' }, system))
      .toMatchObject({ ok: true, state: 'in_progress', escalationLevel: level + 1, reopened: false });
  });

  it('refuses to escalate past the provincial monitor', () => {
    const decision = decide(at('assigned', 3), { type: 'escalate' }, system);
    expect(decision).toMatchObject({ ok: false, code: 'escalation_exhausted' });
    expect(availableCommands(at('assigned', 3), 'system')).not.toContain('escalate');
  });

  it('keeps a complaint reopened at the top level at the top level', () => {
    expect(decide(at('rejected', 3), { type: 'contest', reason: 'unfair' }, citizen))
      .toMatchObject({ ok: true, state: 'assigned', escalationLevel: 3, reopened: true });
    expect(decide(at('resolved', 3), { type: 'feedback', satisfied: false, reason: 'no' }, citizen))
      .toMatchObject({ ok: true, state: 'assigned', escalationLevel: 3, reopened: true });
  });
});

describe('the SLA clock', () => {
  it('pauses when the office asks the citizen for information', () => {
    expect(decide(at('in_progress'), { type: 'ask_information', question: 'Which house?' }, officer))
      .toMatchObject({ ok: true, state: 'awaiting_citizen', pausesSla: true, resumesSla: false });
  });

  it('resumes when the citizen answers, and the complaint goes back in progress', () => {
    expect(decide(at('awaiting_citizen'), { type: 'provide_information' }, citizen))
      .toMatchObject({ ok: true, state: 'in_progress', pausesSla: false, resumesSla: true });
  });

  it('is untouched by information the citizen adds while not asked', () => {
    expect(decide(at('resolved'), { type: 'provide_information' }, { role: 'intake_agent' }))
      .toMatchObject({ ok: true, state: 'resolved', pausesSla: false, resumesSla: false });
  });
});

describe('messages', () => {
  it('name the command and the state in plain English', () => {
    const wrongState = decide(at('closed'), { type: 'reject', reason: 'x' }, head);
    expect(wrongState).toMatchObject({ ok: false, message: 'Rejecting is not possible while the complaint is closed.' });
    const wrongActor = decide(at('in_progress'), { type: 'resolve', outcome: 'full_relief' }, citizen);
    expect(wrongActor).toMatchObject({
      ok: false, message: 'Resolving is not allowed for the citizen while the complaint is in progress.',
    });
    const noReason = decide(at('in_progress'), { type: 'resolve', outcome: 'no_relief' }, officer);
    expect(noReason).toMatchObject({
      ok: false,
      message: 'Resolving needs a reason when the outcome is no relief; the complaint stays in progress.',
    });
  });
});

describe('events', () => {
  it('records only known event types, and every event type but submitted comes from some command', () => {
    const seen = new Set<string>();
    for (const state of COMPLAINT_STATES) {
      for (const command of SAMPLES) {
        for (const role of ACTOR_ROLES) {
          const decision = decide(at(state), command, { role });
          if (decision.ok) seen.add(decision.eventType);
        }
      }
    }
    expect([...seen].sort()).toEqual(EVENT_TYPES.filter((e) => e !== 'submitted').sort());
  });
});

describe('available commands', () => {
  it('offers the citizen feedback, more information and withdrawal on a resolved complaint', () => {
    expect(availableCommands(at('resolved'), 'citizen')).toEqual(['provide_information', 'feedback', 'withdraw']);
  });

  it('offers nothing on a closed complaint', () => {
    for (const role of ACTOR_ROLES) expect(availableCommands(at('closed'), role)).toEqual([]);
  });

  it('offers analysts and administrators nothing: they do not act on complaints', () => {
    for (const state of COMPLAINT_STATES) {
      expect(availableCommands(at(state), 'analyst')).toEqual([]);
      expect(availableCommands(at(state), 'administrator')).toEqual([]);
    }
  });

  it('lists command types in a stable order', () => {
    const listed = availableCommands(at('in_progress'), 'head_of_office');
    expect(listed).toEqual(COMMAND_TYPES.filter((t) => listed.includes(t)));
  });
});

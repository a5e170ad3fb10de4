import type pg from 'pg';
import type { DeliveryResult } from '../channels/channel.js';
import type { BotEvent } from '../domain/filing-bot/conversation.js';
import type { BotLanguage } from '../domain/filing-bot/language.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import type { Logger } from '../logger.js';
import type { BotConversationRepository, StoredBot } from '../store/bot-conversation.repository.js';
import type { InboundMessageRepository, PendingInboundMessage } from '../store/inbound-message.repository.js';
import type { BotParty, FilingBotService } from './filing-bot.service.js';

/** Minutes before each retry of a message whose reply (or file) the provider did not give; after the last, it is settled. */
export const BACKOFF_MINUTES = [1, 5, 30];

/** What a channel gives a turn: the event its message means, and how to send one reply. */
export interface TurnChannel {
  /**
   * The event the stored message means for this conversation (a file is fetched and kept here). `{ retry }` asks for
   * the message to be tried again later (a file the provider could not hand over yet); never on the last attempt.
   */
  event(stored: StoredBot, lastAttempt: boolean): Promise<BotEvent | { retry: string }>;
  send(reply: Prompt, language: BotLanguage): Promise<DeliveryResult>;
}

/**
 * One inbound message through the filing bot, in the caller's transaction (which holds the conversation's lock):
 * the message is applied once (its id is remembered with the state), the replies it causes are kept with the state
 * until the provider takes them, and a provider failure that may pass puts the message back for a retry that only
 * delivers. Replies left over from an earlier message go out first, so nothing decided is lost or reordered.
 */
export async function playTurn(
  tx: pg.PoolClient,
  item: PendingInboundMessage,
  party: Omit<BotParty, 'messageKey'>,
  io: TurnChannel,
  deps: { inbound: InboundMessageRepository; store: BotConversationRepository; bot: FilingBotService; log?: Logger | null },
  now: Date,
): Promise<'processed' | 'retried'> {
  const { inbound, store, bot } = deps;
  let stored = await store.load(tx, party.channel, party.conversationId);
  let what = 'bot: replies of an earlier message';
  const wait = BACKOFF_MINUTES[item.attempts];
  if (!stored.applied.includes(item.id)) {
    // A failure while applying (a fault, not the citizen's input) is undone to here and the message tried again
    // later, then settled: one message must never hold up the channel's queue behind it.
    await tx.query('savepoint bot_turn');
    let applied;
    try {
      applied = await apply(tx, item, party, io, stored, bot, wait === undefined, now);
    } catch (error) {
      await tx.query('rollback to savepoint bot_turn');
      deps.log?.error({ err: error, inboundMessage: item.id }, 'filing bot failed on a message');
      const why = `bot failed: ${error instanceof Error ? error.name : 'error'}${typeof (error as { code?: unknown }).code === 'string' ? ` ${(error as { code: string }).code}` : ''}`;
      if (wait === undefined) await inbound.markProcessed(tx, item.id, why, null, now);
      else await inbound.retryLater(tx, item.id, why, new Date(now.getTime() + wait * 60_000));
      return wait === undefined ? 'processed' : 'retried';
    }
    if ('retry' in applied) {
      await inbound.retryLater(tx, item.id, applied.retry, new Date(now.getTime() + (wait ?? 1) * 60_000));
      return 'retried';
    }
    stored = applied.stored;
    what = applied.what;
  }
  return deliver(tx, item, party, io, stored, what, deps, now);
}

/** Sends the pending replies in order, keeping what the provider has not taken with the state. */
async function deliver(tx: pg.PoolClient, item: PendingInboundMessage, party: Omit<BotParty, 'messageKey'>, io: TurnChannel, from: StoredBot, what: string, deps: { inbound: InboundMessageRepository; store: BotConversationRepository }, now: Date): Promise<'processed' | 'retried'> {
  const { inbound, store } = deps;
  const wait = BACKOFF_MINUTES[item.attempts];
  let stored = from;
  let replyId: string | null = null;
  while (stored.pending.length > 0) {
    const result = await io.send(stored.pending[0] as Prompt, stored.conversation.language);
    if (!result.ok) {
      if (result.retryable && wait !== undefined) {
        await store.save(tx, party.channel, party.conversationId, stored);
        await inbound.retryLater(tx, item.id, result.error, new Date(now.getTime() + wait * 60_000));
        return 'retried';
      }
      // Given up: the state stands (the citizen's answer was taken); the replies are dropped rather than sent late.
      await store.save(tx, party.channel, party.conversationId, { ...stored, pending: [] });
      await inbound.markProcessed(tx, item.id, `reply failed: ${result.error} (${what})`, replyId, now);
      return 'processed';
    }
    replyId = result.providerId ?? replyId;
    stored = { ...stored, pending: stored.pending.slice(1) };
  }
  await store.save(tx, party.channel, party.conversationId, stored);
  await inbound.markProcessed(tx, item.id, `replied: ${what}`, replyId, now);
  return 'processed';
}

/** Applies the message to the conversation: its event (or a request to try later), the turn, the new state. */
async function apply(tx: pg.PoolClient, item: PendingInboundMessage, party: Omit<BotParty, 'messageKey'>, io: TurnChannel, stored: StoredBot, bot: FilingBotService, lastAttempt: boolean, now: Date): Promise<{ stored: StoredBot; what: string } | { retry: string }> {
  const event = await io.event(stored, lastAttempt);
  if ('retry' in event) return event;
  const turn = await bot.turn(tx, stored.conversation, event, { ...party, messageKey: item.providerKey }, now);
  return { stored: { conversation: turn.conversation, pending: [...stored.pending, ...turn.replies], applied: [...stored.applied, item.id] }, what: turn.what };
}

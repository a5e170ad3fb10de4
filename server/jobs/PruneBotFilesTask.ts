import type { Db } from '../store/db.js';
import type { FilingBotService } from '../services/filing-bot.service.js';

/**
 * Hourly: deletes photos and voice notes that WhatsApp conversations kept for a complaint never filed (the citizen
 * stopped answering), once the conversation has timed out with a day to spare. Safe to run twice.
 */
export const PruneBotFilesTask = {
  name: 'prune-bot-files',
  cron: '47 * * * *',
  retryLimit: 3,
  /** Deletes the files and returns how many went. */
  run: (db: Db, bot: FilingBotService, now = new Date()): Promise<number> => bot.pruneFiles(db, now),
} as const;

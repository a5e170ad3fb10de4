import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';
import type { AuditRecorder } from '../services/audit.js';
import { ReferenceDataService } from '../services/reference-data.service.js';
import { CATEGORY_PURPOSE, categoryPurpose, RouterModelService, routerRetrainSettings, URGENCY_PURPOSE, urgencyPurpose } from '../services/router-model.service.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { RouterModelRepository, type RouterModelRecord } from '../store/router-model.repository.js';
import { wholeNumber, withDatabase } from './context.js';

// The operator at the server's command line acts as the system; the audit trail names the command line.
const OPERATOR = { role: 'system', id: 'cli' } as const;
const PURPOSES = [CATEGORY_PURPOSE, URGENCY_PURPOSE];
const PURPOSE_OPTION = ['--purpose <purpose>', `what the models are for: ${PURPOSES.join(' or ')}`, CATEGORY_PURPOSE] as const;

/** A model's line in `model list`: version, status, where it came from, and its held-out figures beside the model it was compared with. */
export function modelLine(m: RouterModelRecord): string {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const figures = m.macroF1 === null ? 'no held-out figures' : `held out ${m.heldOutExamples}: accuracy ${pct(m.accuracy)}, macro-F1 ${pct(m.macroF1)}`;
  const compared = m.comparedVersion === null ? '' : ` (v${m.comparedVersion}: accuracy ${pct(m.comparedAccuracy)}, macro-F1 ${pct(m.comparedMacroF1)})`;
  const labels = m.purpose === CATEGORY_PURPOSE ? `${m.labels.length} categories` : `${m.purpose} labels ${m.labels.join(', ')}`;
  return `v${m.version}  ${m.status.padEnd(9)}  ${m.source.padEnd(17)}  ${m.createdAt.toISOString().slice(0, 16).replace('T', ' ')}  by ${m.createdBy}  ${labels}, ${m.trainingExamples} examples; ${figures}${compared}`;
}

/** `ekhtyar model list|import|retrain|promote|rollback`: the routing classifier's models, kept in the database. */
export function registerModelCommands(program: Command, audit: AuditRecorder): void {
  const model = program.command('model').description('the classifier\'s models for routing (--purpose category, the default) and urgency (--purpose urgency), kept in the database and shared by every server process');
  const withModels = (fn: (service: RouterModelService) => Promise<void>, purpose: string = CATEGORY_PURPOSE) =>
    withDatabase(async (db: Db, log: Logger, config: Config) => {
      if (!PURPOSES.includes(purpose)) throw new Error(`--purpose must be ${PURPOSES.join(' or ')}, not ${JSON.stringify(purpose)}`);
      await migrate(db, log);
      const reference = new ReferenceDataService(db, 0);
      try {
        await fn(new RouterModelService(db, new RouterModelRepository(), reference, audit, routerRetrainSettings(config.routing), log, 0, purpose === URGENCY_PURPOSE ? urgencyPurpose : categoryPurpose(reference)));
      } catch (error) {
        // The service's refusals are the user's to act on: their words, no stack.
        if (error instanceof AppError) throw new Error([error.message, ...error.errors.map((e) => `  ${e.pointer}: ${e.detail}`)].join('\n'));
        throw error;
      }
    });

  model
    .command('list')
    .description('every stored model, newest first, with its status and held-out figures')
    .option(...PURPOSE_OPTION)
    .action((options: { purpose: string }) =>
      withModels(async (service) => {
        const models = await service.list();
        if (models.length === 0) console.log(`no ${options.purpose} models yet: import one (ekhtyar model import --purpose ${options.purpose})${options.purpose === CATEGORY_PURPOSE ? ' or retrain (ekhtyar model retrain)' : ''}`);
        for (const m of models) console.log(modelLine(m));
      }, options.purpose),
    );

  model
    .command('import')
    .description('store a model made by `ekhtyar train` (category: labels must be category ids; urgency: any labels); a candidate unless --activate')
    .requiredOption('--file <model>', 'the model file (JSON)')
    .option('--activate', 'make it the active model at once')
    .option(...PURPOSE_OPTION)
    .action((options: { file: string; activate?: boolean; purpose: string }) =>
      withModels(async (service) => {
        let text: string;
        try {
          text = await readFile(options.file, 'utf8');
        } catch (error) {
          throw new Error(`cannot read the model file ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
        }
        const stored = await service.importModel(text, OPERATOR, Boolean(options.activate));
        console.log(`stored ${modelLine(stored)}`);
      }, options.purpose),
    );

  model
    .command('retrain')
    .description('train a candidate now on resolved and closed complaints and officers\' corrections; it becomes active only if no worse than the active one')
    .action(() =>
      withModels(async (service) => {
        const result = await service.retrain('admin_retrain', OPERATOR);
        if (result.outcome === 'refused') throw new Error(`not retrained: ${result.reason}`);
        console.log(`${result.outcome === 'promoted' ? 'promoted' : 'rejected (the active model did better)'}: ${modelLine(result.model)}`);
      }),
    );

  model
    .command('promote <version>')
    .description('make a stored candidate or retired model the active one')
    .option(...PURPOSE_OPTION)
    .action((version: string, options: { purpose: string }) =>
      withModels(async (service) => {
        const promoted = await service.promote(wholeNumber(version, 'the version', 1, 2_147_483_647), OPERATOR);
        console.log(`active: ${modelLine(promoted)}`);
      }, options.purpose),
    );

  model
    .command('rollback')
    .description('re-activate the model that was active before the current one')
    .option(...PURPOSE_OPTION)
    .action((options: { purpose: string }) =>
      withModels(async (service) => {
        const restored = await service.rollback(OPERATOR);
        console.log(`active again: ${modelLine(restored)}`);
      }, options.purpose),
    );
}

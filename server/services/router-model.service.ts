import { promisify } from 'node:util';
import type pg from 'pg';
import { gunzip, gzip } from 'node:zlib';
import { ModelFileError, parseModel, serialiseModel } from '../ai/classifier/model-file.js';
import { train, type LinearModel } from '../ai/classifier/linear-model.js';
import { evaluateOn, isNoWorse, newestHeldOut, topLabels, trainableExamples, type RankedLabel } from '../ai/routing/retraining.js';
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import type { ModelGuess } from '../domain/intake/category-choice.js';
import { invalidFields, modelNotPromotable, noModelToRollBack, routerModelNotFound } from '../errors.js';
import type { Logger } from '../logger.js';
import { withAdvisoryLock, withTransaction, type Db } from '../store/db.js';
import type { NewRouterModel, RouterModelRecord, RouterModelRepository, RouterModelSource } from '../store/router-model.repository.js';
import type { AuditRecorder } from './audit.js';
import type { ReferenceDataService } from './reference-data.service.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The purpose of the models that route complaints: their labels are category ids. */
export const CATEGORY_PURPOSE = 'category';
/** The purpose of the models that guess a complaint's urgency: their labels are the organisation's own levels. */
export const URGENCY_PURPOSE = 'urgency';

/** What a service's models are for, and which labels they may have (the reason a set of labels is refused, or null). */
export interface ModelPurpose {
  name: string;
  /** The problem with a model's labels, said for the user, or null when they are fine. */
  refuseLabels(labels: string[]): Promise<string | null>;
}

/** The routing purpose: every label must be an active category id. */
export function categoryPurpose(reference: ReferenceDataService): ModelPurpose {
  return {
    name: CATEGORY_PURPOSE,
    async refuseLabels(labels) {
      const ref = await reference.current();
      const unknown = labels.filter((l) => !ref.categories.has(l));
      if (unknown.length === 0) return null;
      return `labels must be category ids (GET /api/v1/categories); not categories: ${unknown.slice(0, 10).map((l) => JSON.stringify(l)).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`;
    },
  };
}

/** The urgency purpose: labels are free-form (the organisation's levels), at most 200 characters each (the column's limit). */
export const urgencyPurpose: ModelPurpose = {
  name: URGENCY_PURPOSE,
  refuseLabels(labels) {
    const bad = labels.filter((l) => l.trim().length === 0 || l.length > 200);
    return Promise.resolve(bad.length === 0 ? null : `urgency labels must be 1 to 200 characters; not usable: ${bad.slice(0, 10).map((l) => JSON.stringify(l)).join(', ')}`);
  },
};
// One model change at a time across every process (import, retrain, promote, rollback): "rtmd".
const MODEL_LOCK = 0x72746d64;

/** Who changes models: an administrator (staff id), or the system at the command line ('cli') or on schedule ('scheduler'). */
export interface ModelOperator {
  role: string;
  id: string;
}

/** How retraining behaves (from configuration). */
export interface RetrainSettings {
  /** Fewer usable examples than this: no model is trained. */
  minExamples: number;
  /** Share of the newest examples held out to judge the candidate and the active model on. */
  heldOutShare: number;
  /** Most examples read (the newest). */
  maxExamples: number;
  /** Hash buckets of retrained models, as bits (memory per process: labels × 2^bits × 4 bytes). */
  hashBits: number;
}

/** What a retraining did: promoted, rejected, or refused (too few examples), with the figures. */
export type RetrainResult =
  | { outcome: 'refused'; reason: string; examples: number }
  | { outcome: 'promoted' | 'rejected'; model: RouterModelRecord };

type Loaded = { version: number; model: LinearModel };

/**
 * The routing classifier's models, kept in PostgreSQL (router_models) so that every process on every machine routes
 * by the same one. Each process loads the active model lazily and checks its version at most every `maxAgeMs`,
 * reloading when another process promoted or rolled back; nothing about the models lives only in one process.
 */
export class RouterModelService {
  private loaded: Loaded | null = null;
  private checkedAt = 0;
  private checking: Promise<Loaded | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly repo: RouterModelRepository,
    reference: ReferenceDataService,
    private readonly audit: AuditRecorder,
    private readonly settings: RetrainSettings,
    private readonly log: Logger | null,
    private readonly maxAgeMs = 15_000,
    private readonly purpose: ModelPurpose = categoryPurpose(reference),
  ) {}

  /** The purpose this service's models serve ('category' or 'urgency'). */
  get purposeName(): string {
    return this.purpose.name;
  }

  /** The active model, or null when there is none. A failed load keeps routing by keywords (logged), never fails intake. */
  async active(): Promise<Loaded | null> {
    if (Date.now() - this.checkedAt < this.maxAgeMs) return this.loaded;
    this.checking ??= this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Forgets when the version was last checked, so the next call checks (after a change made in this process). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /** The active model's guess for a text, or null without a model (or when its label is no longer a category). */
  async guess(text: string, known: (categoryId: string) => boolean): Promise<ModelGuess | null> {
    const loaded = await this.active();
    if (!loaded) return null;
    const [best] = topLabels(loaded.model, text, 1);
    return best && known(best.label) ? { categoryId: best.label, confidence: best.confidence, modelVersion: loaded.version } : null;
  }

  /** The active model's likeliest label for a text with its confidence, or null without a model (any purpose). */
  async label(text: string): Promise<{ label: string; confidence: number; modelVersion: number } | null> {
    const loaded = await this.active();
    if (!loaded) return null;
    const [best] = topLabels(loaded.model, text, 1);
    return best ? { label: best.label, confidence: best.confidence, modelVersion: loaded.version } : null;
  }

  /** The `n` likeliest categories for a text (only categories still in the catalogue); empty without a model. */
  async suggest(text: string, n: number, known: (categoryId: string) => boolean): Promise<{ version: number | null; labels: RankedLabel[] }> {
    const loaded = await this.active();
    if (!loaded) return { version: null, labels: [] };
    return { version: loaded.version, labels: topLabels(loaded.model, text, loaded.model.labels.length).filter((l) => known(l.label)).slice(0, n) };
  }

  /** Every stored model, newest first. */
  list(): Promise<RouterModelRecord[]> {
    return this.repo.list(this.db, this.purpose.name);
  }

  /**
   * Stores a model file made by `ekhtyar train`, as a candidate or (with `activate`) the active model. Refused, with
   * nothing written, when it is not a model of this format version or names a label that is not a category id.
   */
  async importModel(fileText: string, operator: ModelOperator, activate: boolean, now = new Date()): Promise<RouterModelRecord> {
    let model: LinearModel;
    try {
      model = parseModel(fileText);
    } catch (error) {
      if (error instanceof ModelFileError) throw invalidFields(`Not a usable model: ${error.message}.`, [{ pointer: '/model', detail: error.message }]);
      throw error;
    }
    const detail = await this.purpose.refuseLabels(model.labels);
    if (detail !== null) throw invalidFields(`The model's ${detail}.`, [{ pointer: '/model/labels', detail }]);
    return this.store(model, { source: 'cli_import', operator, figures: null, status: activate ? 'active' : 'candidate' }, now);
  }

  /** Makes a stored candidate or retired model the active one (audit-logged). */
  async promote(version: number, operator: ModelOperator, now = new Date()): Promise<RouterModelRecord> {
    return this.change(async (tx) => {
      const found = await this.repo.find(tx, this.purpose.name, version);
      if (!found) throw routerModelNotFound(version);
      if (found.status !== 'candidate' && found.status !== 'retired') throw modelNotPromotable(version, found.status);
      const retired = await this.repo.activate(tx, this.purpose.name, version, now);
      await this.record(tx, AUDIT_ACTIONS.routerModelPromoted, operator, version, { replaced: retired, by: 'hand' }, now);
      return version;
    });
  }

  /** Re-activates the model active before the current one; the current one is retired and never rolled back to. */
  async rollback(operator: ModelOperator, now = new Date()): Promise<RouterModelRecord> {
    return this.change(async (tx) => {
      const activeVersion = await this.repo.activeVersion(tx, this.purpose.name);
      const current = activeVersion === null ? null : await this.repo.find(tx, this.purpose.name, activeVersion);
      if (!current) throw noModelToRollBack(`No ${this.purpose.name} model is active; nothing to roll back.`);
      const previous = await this.repo.previousActive(tx, this.purpose.name, current);
      if (previous === null) throw noModelToRollBack(`Model version ${current.version} is the first that was active; there is no earlier one to return to.`);
      await this.repo.rollBack(tx, this.purpose.name, current.version, previous, now);
      await this.record(tx, AUDIT_ACTIONS.routerModelRolledBack, operator, previous, { rolledBack: current.version }, now);
      return previous;
    });
  }

  /**
   * Trains a candidate on resolved and closed complaints and officers' corrections (the newest share held out),
   * judges it and the active model on the held-out slice, and promotes it when its macro-F1 is no worse; otherwise
   * it is kept as rejected with its figures. Too few examples: nothing is trained or written.
   */
  async retrain(source: Exclude<RouterModelSource, 'cli_import'>, operator: ModelOperator, now = new Date()): Promise<RetrainResult> {
    if (this.purpose.name !== CATEGORY_PURPOSE) {
      // Officers do not correct urgency yet, so there is nothing to learn it from: its models are imported.
      throw invalidFields(`Models for ${this.purpose.name} are not retrained; import one (ekhtyar model import --purpose ${this.purpose.name}).`, [{ pointer: '/purpose', detail: `only ${CATEGORY_PURPOSE} models are retrained` }]);
    }
    return withAdvisoryLock(this.db, MODEL_LOCK, async () => {
      const rows = await this.repo.trainingRows(this.db, this.settings.maxExamples);
      const { training, heldOut } = newestHeldOut(rows.map((r) => ({ text: r.text, label: r.label })), this.settings.heldOutShare);
      const usable = trainableExamples(training);
      const labels = new Set(usable.map((e) => e.label));
      if (usable.length < this.settings.minExamples || labels.size < 2 || heldOut.length === 0) {
        const reason = `${usable.length} usable examples in ${labels.size} categories (and ${heldOut.length} held out); retraining needs at least ${this.settings.minExamples} in two or more categories`;
        this.log?.warn({ examples: rows.length, usable: usable.length, categories: labels.size }, `routing model not retrained: ${reason}`);
        return { outcome: 'refused', reason, examples: rows.length };
      }
      const candidate = train(usable, { features: { hashBits: this.settings.hashBits, charMin: 2, charMax: 5 } });
      const judged = evaluateOn(candidate, heldOut);
      const active = await this.loadVersion(await this.repo.activeVersion(this.db, this.purpose.name));
      const compared = active ? evaluateOn(active.model, heldOut) : null;
      const promote = isNoWorse(judged, compared);
      const figures = { heldOut: heldOut.length, accuracy: judged.accuracy, macroF1: judged.macroF1, comparedVersion: active?.version ?? null, comparedAccuracy: compared?.accuracy ?? null, comparedMacroF1: compared?.macroF1 ?? null };
      const model = await this.store(candidate, { source, operator, figures, status: promote ? 'active' : 'rejected', trainingExamples: usable.length }, now, false);
      this.log?.info({ version: model.version, outcome: promote ? 'promoted' : 'rejected', ...figures }, 'routing model retrained');
      return { outcome: promote ? 'promoted' : 'rejected', model };
    });
  }

  private async store(
    model: LinearModel,
    how: { source: RouterModelSource; operator: ModelOperator; figures: { heldOut: number; accuracy: number; macroF1: number; comparedVersion: number | null; comparedAccuracy: number | null; comparedMacroF1: number | null } | null; status: 'active' | 'candidate' | 'rejected'; trainingExamples?: number },
    now: Date,
    lock = true,
  ): Promise<RouterModelRecord> {
    const f = how.figures;
    const row: NewRouterModel = {
      purpose: this.purpose.name,
      status: how.status === 'active' ? 'candidate' : how.status,
      source: how.source,
      createdBy: how.operator.id,
      labels: model.labels,
      trainingExamples: how.trainingExamples ?? model.trainedOn,
      heldOutExamples: f?.heldOut ?? null,
      accuracy: f?.accuracy ?? null,
      macroF1: f?.macroF1 ?? null,
      comparedVersion: f?.comparedVersion ?? null,
      comparedAccuracy: f?.comparedAccuracy ?? null,
      comparedMacroF1: f?.comparedMacroF1 ?? null,
      model: await gzipAsync(serialiseModel(model, now)),
    };
    const write = async (tx: pg.PoolClient): Promise<number> => {
      const version = await this.repo.insert(tx, row, now);
      const figures = f ? { heldOut: f.heldOut, macroF1: f.macroF1, comparedVersion: f.comparedVersion, comparedMacroF1: f.comparedMacroF1 } : {};
      if (how.source === 'cli_import') await this.record(tx, AUDIT_ACTIONS.routerModelImported, how.operator, version, { labels: model.labels.length, trainedOn: model.trainedOn }, now);
      if (how.status === 'active') {
        const retired = await this.repo.activate(tx, this.purpose.name, version, now);
        await this.record(tx, AUDIT_ACTIONS.routerModelPromoted, how.operator, version, { replaced: retired, by: how.source, ...figures }, now);
      }
      if (how.status === 'rejected') await this.record(tx, AUDIT_ACTIONS.routerModelRejected, how.operator, version, { by: how.source, ...figures }, now);
      return version;
    };
    return lock ? this.change(write) : this.finish(await withTransaction(this.db, write));
  }

  // Runs a model change under the lock shared by every process, then reads back the model it names.
  private async change(fn: (tx: pg.PoolClient) => Promise<number>): Promise<RouterModelRecord> {
    return this.finish(await withAdvisoryLock(this.db, MODEL_LOCK, () => withTransaction(this.db, fn)));
  }

  private async finish(version: number): Promise<RouterModelRecord> {
    this.invalidate();
    return (await this.repo.find(this.db, this.purpose.name, version))!;
  }

  private record(tx: pg.PoolClient, action: string, operator: ModelOperator, version: number, payload: Record<string, unknown>, now: Date): Promise<unknown> {
    return this.audit(tx, { action, actorRole: operator.role, actorId: operator.id, subjectType: 'router_model', subjectId: `${this.purpose.name}:${version}`, payload, createdAt: now });
  }

  private async check(): Promise<Loaded | null> {
    try {
      const version = await this.repo.activeVersion(this.db, this.purpose.name);
      if (version !== this.loaded?.version) this.loaded = await this.loadVersion(version);
    } catch (error) {
      // A damaged stored model must not stop intake: keyword routing carries on, and the log says why.
      this.log?.error({ err: error }, 'the active routing model could not be loaded; routing by keywords');
      this.loaded = null;
    }
    this.checkedAt = Date.now();
    return this.loaded;
  }

  private async loadVersion(version: number | null): Promise<Loaded | null> {
    if (version === null) return null;
    if (this.loaded?.version === version) return this.loaded;
    const bytes = await this.repo.modelBytes(this.db, this.purpose.name, version);
    if (!bytes) return null;
    return { version, model: parseModel((await gunzipAsync(bytes)).toString('utf8')) };
  }
}

/** Retraining's settings from the configuration (the held-out share and the cap on examples are fixed). */
export function routerRetrainSettings(routing: { retrainMinExamples: number; retrainHashBits: number }): RetrainSettings {
  return { minExamples: routing.retrainMinExamples, hashBits: routing.retrainHashBits, heldOutShare: 0.1, maxExamples: 20_000 };
}

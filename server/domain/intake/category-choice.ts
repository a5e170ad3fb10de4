import type { CategoryGuess } from './category-matcher.js';

/** The routing classifier's best category for a text, and which model version said so. */
export interface ModelGuess {
  categoryId: string;
  confidence: number;
  modelVersion: number;
}

/** How a channel without a citizen-chosen category files a complaint, and why (kept on the routing event). */
export interface CategoryChoice {
  categoryId: string;
  /** What chose the category: the model (confident enough), the catalogue's keywords, or nothing (the fallback). */
  by: 'model' | 'keywords' | 'fallback';
  /** Set when a person must confirm the category: no model or keyword was sure enough. */
  triageReason: 'category_unclear' | 'low_confidence' | null;
  /** The keywords found, when they chose. */
  keywords: string[] | null;
  /** What the model said, whatever was chosen (null: no model, or its label is no longer a category). */
  model: ModelGuess | null;
}

/**
 * Chooses the category of a text that came without one (an e-mail): the model's label when its confidence reaches
 * `minConfidence`; otherwise the keyword matcher's category when a keyword matched (as before there was a model);
 * otherwise triage, filed under the model's label if it had one (the best guess a monitor starts from) or the
 * fallback category, with the reason 'low_confidence' when a model was asked and 'category_unclear' when not.
 * With no model this is exactly the keyword routing: keywords, else the fallback in triage as 'category_unclear'.
 */
export function chooseCategory(model: ModelGuess | null, keywords: CategoryGuess | null, minConfidence: number, fallbackCategory: string): CategoryChoice {
  if (model && model.confidence >= minConfidence) return { categoryId: model.categoryId, by: 'model', triageReason: null, keywords: null, model };
  if (keywords) return { categoryId: keywords.categoryId, by: 'keywords', triageReason: null, keywords: keywords.matched, model };
  return { categoryId: model?.categoryId ?? fallbackCategory, by: 'fallback', triageReason: model ? 'low_confidence' : 'category_unclear', keywords: null, model };
}

/**
 * What the routing event records of the choice (internal: officers see why a complaint went where it did); nothing
 * when no model was asked, so routing without a model records what it always did.
 */
export function choiceDetails(choice: CategoryChoice): Record<string, unknown> {
  if (!choice.model) return {};
  return { categoryChosenBy: choice.by, modelVersion: choice.model.modelVersion, modelCategoryId: choice.model.categoryId, modelConfidence: Math.round(choice.model.confidence * 1000) / 1000 };
}

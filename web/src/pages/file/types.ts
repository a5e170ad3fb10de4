import type { Names } from './search.js';

/** Text the catalogue always has in all three languages. */
export interface Text3 {
  en: string;
  ur: string;
  ps: string;
}

/** One extra field of a category (GET /api/v1/categories `attributes`). */
export interface AttributeDefinition {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description: Text3;
  formatHint?: Text3;
  values?: { key: string; name: Text3 }[];
  maxLength?: number;
  min?: number;
  max?: number;
}

/** A category of the service catalogue, as the form reads it. */
export interface Category {
  id: string;
  name: Names;
  keywords: string[];
  slaDays: number;
  department: { id: string; name: Names };
  attributes: AttributeDefinition[];
}

export interface Area {
  id: string;
  name: Names;
}

/** A message shown beside a field (`field` is its element id) or, with null, for the whole form. */
export interface FormError {
  field: string | null;
  message: string;
}

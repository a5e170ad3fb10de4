import { useCallback } from 'react';
import type { AreaMessages } from './define.js';
import { useI18n } from './i18n.js';
import { fill } from './languages.js';

/** `t` for one part's messages (see define.ts), in the reader's language. */
export function useMessages<K extends string>(area: AreaMessages<K>): (key: K, values?: Record<string, string | number>) => string {
  const { language } = useI18n();
  return useCallback((key: K, values?: Record<string, string | number>) => fill(area[language][key], values), [area, language]);
}

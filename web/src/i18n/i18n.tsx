import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en.js';
import { CATALOGUES, formatDateTime, formatNumber, isLanguage, languageInfo, preferredLanguage, translate, type Language } from './languages.js';

const STORAGE_KEY = 'ekhtyar.language';

interface I18n {
  language: Language;
  dir: 'ltr' | 'rtl';
  setLanguage(language: Language): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  dateTime(iso: string): string;
  number(value: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage may be blocked (private mode): the browser's preference then.
  }
  return preferredLanguage(navigator.languages ?? [navigator.language]);
}

/** Holds the reader's language, keeps <html lang dir> in step with it and remembers it on this device. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const info = languageInfo(language);

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = info.dir;
  }, [language, info.dir]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; still switched.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({
      language,
      dir: info.dir,
      setLanguage,
      t: (key, values) => translate(CATALOGUES[language], key, values),
      dateTime: (iso) => formatDateTime(language, iso),
      number: (n) => formatNumber(language, n),
    }),
    [language, info.dir, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

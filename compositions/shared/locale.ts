import { z } from 'zod';

/** The languages every template's static copy is translated into. */
export const LOCALES = ['en', 'pt', 'es', 'hu', 'ru', 'tl'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language by its own name, as a visitor looks for it in a list. */
export const LOCALE_NAMES: Translations<string> = {
  en: 'English',
  pt: 'Português',
  es: 'Español',
  hu: 'Magyar',
  ru: 'Русский',
  tl: 'Tagalog',
};

export const localeSchema = z.enum(LOCALES).default('en').describe('Language of the video copy');

// Intl tags for dates, numbers and region names; Tagalog's CLDR data lives under Filipino.
const INTL_TAGS: Record<Locale, string> = {
  en: 'en-GB',
  pt: 'pt-PT',
  es: 'es-ES',
  hu: 'hu-HU',
  ru: 'ru-RU',
  tl: 'fil-PH',
};
export const intlTag = (locale: Locale): string => INTL_TAGS[locale];

/** A translation table that the compiler forces to cover every locale. */
export type Translations<T> = Record<Locale, T>;

import type { Translations } from '../shared/locale';
import type { LandingCopy } from '../template';
import { TRIP_COPY } from './copy';
import { DESTINATIONS, type TripProps } from './schema';

interface PageCopy {
  title: (place: string) => string;
  greeting: (firstName: string, place: string) => string;
  alt: (place: string) => string;
}

// The page around the video and the email image's alt text, in the visitor's language and the video's register (formal
// Hungarian, as its copy); the button is the outro's.
const PAGE: Translations<PageCopy> = {
  en: {
    title: (p) => `Your trip to ${p}`,
    greeting: (n, p) => (n ? `${n}, here is your trip to ${p}.` : `Here is your trip to ${p}.`),
    alt: (p) => `▶ Watch your trip to ${p}`,
  },
  pt: {
    title: (p) => `A sua viagem a ${p}`,
    greeting: (n, p) => (n ? `${n}, aqui está a sua viagem a ${p}.` : `Aqui está a sua viagem a ${p}.`),
    alt: (p) => `▶ Veja a sua viagem a ${p}`,
  },
  es: {
    title: (p) => `Tu viaje a ${p}`,
    greeting: (n, p) => (n ? `${n}, aquí tienes tu viaje a ${p}.` : `Aquí tienes tu viaje a ${p}.`),
    alt: (p) => `▶ Mira tu viaje a ${p}`,
  },
  hu: {
    title: (p) => `Az Ön utazása: ${p}`,
    greeting: (n, p) => (n ? `${n}, íme az Ön utazása: ${p}.` : `Íme az Ön utazása: ${p}.`),
    alt: (p) => `▶ Nézze meg utazását: ${p}`,
  },
  ru: {
    title: (p) => `Ваше путешествие: ${p}`,
    greeting: (n, p) => (n ? `${n}, вот ваше путешествие: ${p}.` : `Вот ваше путешествие: ${p}.`),
    alt: (p) => `▶ Смотрите ваше путешествие: ${p}`,
  },
  tl: {
    title: (p) => `Ang iyong biyahe sa ${p}`,
    greeting: (n, p) => (n ? `${n}, narito ang iyong biyahe sa ${p}.` : `Narito ang iyong biyahe sa ${p}.`),
    alt: (p) => `▶ Panoorin ang iyong biyahe sa ${p}`,
  },
};

export const tripLanding = ({ firstName, locale, destination }: TripProps): LandingCopy => {
  const place = DESTINATIONS[destination].name;
  return {
    locale,
    title: PAGE[locale].title(place),
    greeting: PAGE[locale].greeting(firstName, place),
    alt: PAGE[locale].alt(place),
    cta: { text: TRIP_COPY[locale].button, url: 'https://wanderly.example.com/book' },
  };
};

import type { Translations } from '../shared/locale';
import type { LandingCopy } from '../template';
import { WELCOME_COPY } from './copy';
import type { WelcomeProps } from './schema';

interface PageCopy {
  title: (firstName: string) => string;
  greeting: (firstName: string) => string;
  alt: (firstName: string) => string;
}

// The page around the video and the email image's alt text, in the contact's language; the button reuses the end
// card's words so the page and the video ask for the same thing.
const PAGE: Translations<PageCopy> = {
  en: {
    title: (n) => (n ? `${n}, your Lumora video` : 'Your Lumora video'),
    greeting: (n) => (n ? `Hi ${n}, this video was made just for you.` : 'This video was made just for you.'),
    alt: (n) => (n ? `▶ ${n}, watch your Lumora video` : '▶ Watch your Lumora video'),
  },
  pt: {
    title: (n) => (n ? `${n}, o seu vídeo Lumora` : 'O seu vídeo Lumora'),
    greeting: (n) => (n ? `Olá ${n}, este vídeo foi feito só para si.` : 'Este vídeo foi feito só para si.'),
    alt: (n) => (n ? `▶ ${n}, veja o seu vídeo Lumora` : '▶ Veja o seu vídeo Lumora'),
  },
  es: {
    title: (n) => (n ? `${n}, tu vídeo de Lumora` : 'Tu vídeo de Lumora'),
    greeting: (n) => (n ? `Hola ${n}, este vídeo es solo para ti.` : 'Este vídeo es solo para ti.'),
    alt: (n) => (n ? `▶ ${n}, mira tu vídeo de Lumora` : '▶ Mira tu vídeo de Lumora'),
  },
  hu: {
    title: (n) => (n ? `${n}, az Ön Lumora-videója` : 'Az Ön Lumora-videója'),
    greeting: (n) => (n ? `Kedves ${n}! Ezt a videót Önnek készítettük.` : 'Ezt a videót Önnek készítettük.'),
    alt: (n) => (n ? `▶ ${n}, nézze meg Lumora-videóját` : '▶ Nézze meg Lumora-videóját'),
  },
  ru: {
    title: (n) => (n ? `${n}, ваше видео от Lumora` : 'Ваше видео от Lumora'),
    greeting: (n) => (n ? `Здравствуйте, ${n}! Это видео сделано для вас.` : 'Это видео сделано для вас.'),
    alt: (n) => (n ? `▶ ${n}, смотрите ваше видео от Lumora` : '▶ Смотрите ваше видео от Lumora'),
  },
  tl: {
    title: (n) => (n ? `${n}, ang iyong Lumora video` : 'Ang iyong Lumora video'),
    greeting: (n) => (n ? `Hi ${n}, ginawa ang video na ito para sa iyo.` : 'Ginawa ang video na ito para sa iyo.'),
    alt: (n) => (n ? `▶ ${n}, panoorin ang iyong Lumora video` : '▶ Panoorin ang iyong Lumora video'),
  },
};

export const welcomeLanding = ({ firstName, locale }: WelcomeProps): LandingCopy => ({
  locale,
  title: PAGE[locale].title(firstName),
  greeting: PAGE[locale].greeting(firstName),
  alt: PAGE[locale].alt(firstName),
  cta: { text: WELCOME_COPY[locale].button, url: 'https://lumora.example.com/dashboard' },
});

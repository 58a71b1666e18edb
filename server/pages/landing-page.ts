import type { LandingCopy } from '../../compositions/template';
import type { RenderLinks } from '../../core/links/render-links';
import { escapeHtml, page, scriptJson } from './html';

export interface LandingPageData {
  copy: LandingCopy;
  links: RenderLinks;
  /** The video's frame size, for the share cards. */
  video: { width: number; height: number };
  /** Where the page's beacons go, and the token that shows they come from this page load. */
  beacon: { url: string; token: string };
}

// What the page itself says, in the recipient's language, besides the template's words.
const PAGE_TEXT: Record<string, { pending: string; noVideo: string }> = {
  en: {
    pending: 'Your video is still being made. This page will show it as soon as it is ready.',
    noVideo: 'Your browser cannot play this video here:',
  },
  pt: {
    pending: 'O seu vídeo ainda está a ser feito. Esta página mostra-o assim que estiver pronto.',
    noVideo: 'O seu navegador não reproduz este vídeo aqui:',
  },
  es: {
    pending: 'Tu vídeo aún se está preparando. Esta página lo mostrará en cuanto esté listo.',
    noVideo: 'Tu navegador no puede reproducir este vídeo aquí:',
  },
  hu: {
    pending: 'A videód még készül. Ez az oldal megmutatja, amint elkészül.',
    noVideo: 'A böngésződ itt nem tudja lejátszani a videót:',
  },
  ru: {
    pending: 'Ваше видео ещё готовится. Эта страница покажет его, как только оно будет готово.',
    noVideo: 'Ваш браузер не может воспроизвести видео здесь:',
  },
  tl: {
    pending: 'Ginagawa pa ang iyong video. Ipapakita ito ng pahinang ito kapag handa na.',
    noVideo: 'Hindi ma-play ng iyong browser ang video dito:',
  },
};
const textOf = (locale: string) => PAGE_TEXT[locale] ?? PAGE_TEXT.en!;

// Mobile first: the video fills the width, the button is a full-width thumb target under it on phones.
const LANDING_STYLE = `<style>
  .landing h1 { font-size: 1.5rem; }
  .landing .greeting { font-size: 1.1rem; color: var(--muted); margin: 0 0 1rem; }
  .landing .cta { display: block; text-align: center; font-size: 1.1rem; }
  @media (min-width: 40rem) { .landing .cta { display: inline-block; } .landing h1 { font-size: 2rem; } }
</style>`;

/** Open Graph and Twitter tags: the link unfurls as the poster with the play button, and plays where chats can. */
function shareTags({ copy, links, video }: LandingPageData): string {
  const tags: Array<[string, string, string | number]> = [
    ['property', 'og:type', 'video.other'],
    ['property', 'og:title', copy.title],
    ['property', 'og:description', copy.greeting],
    ['property', 'og:url', links.landing],
    ['property', 'og:image', links.posterPlay],
    ['property', 'og:image:width', video.width],
    ['property', 'og:image:height', video.height],
    ['property', 'og:image:alt', copy.alt],
    ['property', 'og:video', links.video],
    ['property', 'og:video:secure_url', links.video],
    ['property', 'og:video:type', 'video/mp4'],
    ['property', 'og:video:width', video.width],
    ['property', 'og:video:height', video.height],
    ['property', 'og:locale', copy.locale],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:title', copy.title],
    ['name', 'twitter:description', copy.greeting],
    ['name', 'twitter:image', links.posterPlay],
    ['name', 'twitter:image:alt', copy.alt],
  ];
  return tags.map(([kind, key, value]) => `<meta ${kind}="${key}" content="${escapeHtml(String(value))}">`).join('\n');
}

/**
 * A recipient's landing page: the greeting, the video with its poster, the call to action. Plain HTML and a small
 * script that only reports what the viewer does: the video starts playing without any bundle.
 */
export function landingPage(data: LandingPageData): string {
  const { copy, links, beacon } = data;
  // A personal page: shared by its owner, never listed by a search engine.
  const head = `<meta name="robots" content="noindex">
${shareTags(data)}
<link rel="preload" as="image" href="${escapeHtml(links.poster)}">
${LANDING_STYLE}`;
  const body = `<article class="landing">
<h1>${escapeHtml(copy.title)}</h1>
<p class="greeting">${escapeHtml(copy.greeting)}</p>
<div class="stage"><video id="video" controls playsinline preload="metadata" poster="${escapeHtml(links.poster)}" src="${escapeHtml(links.video)}" aria-label="${escapeHtml(copy.title)}">
<p>${escapeHtml(textOf(copy.locale).noVideo)} <a href="${escapeHtml(links.video)}">MP4</a></p></video></div>
<a class="button cta" id="cta" href="${escapeHtml(copy.cta.url)}" rel="noopener">${escapeHtml(copy.cta.text)}</a>
</article>
<script type="application/json" id="landing-data">${scriptJson(beacon)}</script>
<script src="/assets/landing.js" defer></script>`;
  return page({ title: copy.title, head, body, lang: copy.locale });
}

/** The page for a link whose video is not finished yet: it looks again by itself. */
export function pendingLandingPage(copy: LandingCopy): string {
  const head = `<meta http-equiv="refresh" content="15">\n<meta name="robots" content="noindex">`;
  const body = `<h1>${escapeHtml(copy.title)}</h1>\n<p role="status">${escapeHtml(textOf(copy.locale).pending)}</p>`;
  return page({ title: copy.title, head, body, lang: copy.locale });
}

/** What a link to a removed render shows a recipient (with 410): a page, not an API error. */
export function goneLandingPage(message: string): string {
  const head = '<meta name="robots" content="noindex">';
  return page({
    title: 'Video unavailable',
    head,
    body: `<h1>Video unavailable</h1>\n<p>${escapeHtml(message)}</p>`,
    lang: 'en',
  });
}

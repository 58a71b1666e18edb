// The typefaces every template may use, shipped in the package (@fontsource, twemoji-colr-font) so nothing is fetched
// while rendering. Each CSS file declares per-script faces (latin, latin-ext, cyrillic…) by unicode-range.
// Imported only by the Remotion entry point and the browser player: Node cannot load CSS.
import '@fontsource/montserrat/700.css';
import '@fontsource/montserrat/800.css';
import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
// Twemoji is a COLRv0 font: Debian's Chromium draws COLRv1 emoji fonts (such as Noto Color Emoji) as blanks.
import 'twemoji-colr-font/twemoji.css';

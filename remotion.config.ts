// Settings for `npm run studio` and `npx remotion render`; the warm renderer (worker/) sets the same in code.
import { Config } from '@remotion/cli/config';
import { findBrowser } from './render/browser';

Config.setEntryPoint('compositions/index.ts');
Config.setPublicDir('assets');
Config.setVideoImageFormat('jpeg');
Config.setPixelFormat('yuv420p');

// Studio needs no browser, so a missing one is not an error here; `remotion render` then says what is missing.
const browser = findBrowser(process.env);
if (browser) {
  Config.setBrowserExecutable(browser.executable);
  Config.setChromeMode(browser.chromeMode);
}

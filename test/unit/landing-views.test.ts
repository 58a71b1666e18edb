import { describe, expect, it } from 'vitest';
import { htmlBlock, htmlSnippet, SNIPPET_LIMIT } from '../../core/email/email-snippet';
import { linkCode } from '../../core/links/link-token';
import { renderLinks } from '../../core/links/render-links';
import { checkCallToAction } from '../../core/render/call-to-action';
import { landingCopy } from '../../core/render/landing-copy';
import { contentRenderId } from '../../core/render/render-ids';
import { automatedClient } from '../../core/views/automated-client';
import { checkViewToken, viewToken } from '../../core/views/view-token';

const SECRET = 'secret';
const ID = 'r_Q2xhcmEgYW5kIHRoZSBzZWEgb2YgbGlnaHQxMjM0NQ';

describe('view tokens', () => {
  const issued = Date.parse('2030-01-01T10:00:00Z');
  it('are good for the render they were made for, from a moment after the page was served until 12 hours on', () => {
    const token = viewToken(SECRET, ID, issued);
    expect(checkViewToken(SECRET, ID, token, issued + 500)).toEqual({ ok: false, reason: 'too-soon' });
    const good = checkViewToken(SECRET, ID, token, issued + 2_000);
    expect(good.ok).toBe(true);
    expect(checkViewToken(SECRET, ID, token, issued + 13 * 3600_000)).toEqual({ ok: false, reason: 'expired' });
    expect(checkViewToken(SECRET, `${ID}x`, token, issued + 2_000)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkViewToken('other', ID, token, issued + 2_000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse a token whose time was moved back (the MAC covers it) and anything malformed', () => {
    const [time, nonce, mac] = viewToken(SECRET, ID, issued).split('.');
    const earlier = (issued - 60_000).toString(36);
    expect(time).toBe(issued.toString(36));
    expect(checkViewToken(SECRET, ID, `${earlier}.${nonce}.${mac}`, issued + 100).ok).toBe(false);
    for (const bad of ['', 'a.b', 'a.b.c.d', `${time}.${nonce}.`, `zzzzzzzzzzzzz.${nonce}.${mac}`]) {
      expect(checkViewToken(SECRET, ID, bad, issued + 2_000).ok).toBe(false);
    }
  });

  it('give each page load its own nonce', () => {
    const a = checkViewToken(SECRET, ID, viewToken(SECRET, ID, issued), issued + 2_000);
    const b = checkViewToken(SECRET, ID, viewToken(SECRET, ID, issued), issued + 2_000);
    expect(a.ok && b.ok && a.nonce !== b.nonce).toBe(true);
  });
});

describe('automatedClient', () => {
  const chrome =
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  it.each([
    ['Gmail image proxy', 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)'],
    ['Slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    [
      'Teams / Skype',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
    ],
    ['Outlook Safe Links', 'Mozilla/5.0 (compatible; MSOffice 16; Microsoft Office Protection; safelinks)'],
    [
      'Microsoft preview',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
    ],
    ['Twitter', 'Twitterbot/1.0'],
    ['Facebook', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['WhatsApp', 'WhatsApp/2.23.20.0 A'],
    ['Discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    ['Proofpoint', 'Mozilla/5.0 proofpoint URL defense'],
    [
      'headless Chrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0',
    ],
    ['curl', 'curl/8.5.0'],
    ['Python', 'python-requests/2.31.0'],
  ])('tells %s apart', (_name, agent) => {
    expect(automatedClient({ 'user-agent': agent })).toBe('automated user agent');
  });

  it('counts people: phones and desktop browsers, a CUBOT phone included', () => {
    expect(automatedClient({ 'user-agent': chrome })).toBeNull();
    expect(
      automatedClient({
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1',
      }),
    ).toBeNull();
    expect(
      automatedClient({ 'user-agent': 'Mozilla/5.0 (Linux; Android 10; CUBOT X30) Chrome/120.0 Mobile' }),
    ).toBeNull();
  });

  it('does not count a speculative load or a client without a user agent', () => {
    expect(automatedClient({ 'user-agent': chrome, 'sec-purpose': 'prefetch;prerender' })).toBe('prefetch');
    expect(automatedClient({ 'user-agent': chrome, purpose: 'prefetch' })).toBe('prefetch');
    expect(automatedClient({})).toBe('no user agent');
  });
});

describe('email snippets', () => {
  const alt = '▶ Zsófia, nézd meg a Lumora-videódat';
  const image = (publicUrl: string) => {
    const links = renderLinks({ publicUrl, linkSecret: SECRET }, { id: ID, link: linkCode(SECRET, ID) });
    return { href: links.landing, src: links.gifPlay, alt };
  };

  it('fit a 255-character merge field as a table with a public URL up to 40 characters', () => {
    for (const publicUrl of [
      'http://localhost:3000',
      'https://video.example-company.com',
      `https://${'v'.repeat(29)}.io`,
    ]) {
      const snippet = htmlSnippet(image(publicUrl));
      expect(publicUrl.length).toBeLessThanOrEqual(40);
      expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LIMIT);
      expect(snippet).toMatch(
        /^<table><tr><td><a href="[^"]+"><img src="[^"]+" width="480" alt="[^"]+" border="0"><\/a><\/td><\/tr><\/table>$/,
      );
      expect(snippet).toContain(`alt="${alt}"`);
    }
  });

  it('drop the table before going over 255 with longer URLs (up to 60 characters)', () => {
    const snippet = htmlSnippet(image(`https://${'v'.repeat(35)}.example.com`));
    expect(snippet.startsWith('<a href=')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_LIMIT);
  });

  it('escape what they carry, and the block adds a text link for clients that block images', () => {
    const evil = { href: 'https://x/v/a"b', src: 'https://x/v/c<d', alt: 'O\'Brien & "co"' };
    expect(htmlSnippet(evil)).not.toMatch(/a"b|c<d|& "/);
    const block = htmlBlock(evil, 'Watch');
    expect(block).toContain('role="presentation"');
    expect(block).toContain('>Watch</a>');
    expect(block).not.toContain('<style');
  });
});

describe('checkCallToAction', () => {
  it('keeps a web page and plain words, drops empty fields, and is nothing when nothing is left', () => {
    expect(checkCallToAction({ text: ' Book  now ', url: 'https://shop.example.com/a?b=c' })).toEqual({
      ok: true,
      cta: { text: 'Book now', url: 'https://shop.example.com/a?b=c' },
    });
    expect(checkCallToAction({ text: '', url: '' })).toEqual({ ok: true, cta: undefined });
    expect(checkCallToAction(undefined)).toEqual({ ok: true, cta: undefined });
  });

  it.each([
    [{ url: 'javascript:alert(1)' }, 'cta.url'],
    [{ url: 'data:text/html,hi' }, 'cta.url'],
    [{ url: 'https://user:pass@example.com/' }, 'cta.url'],
    [{ url: '/relative' }, 'cta.url'],
    [{ url: `https://example.com/${'a'.repeat(2048)}` }, 'cta.url'],
    [{ text: '<b>Buy</b>' }, 'cta.text'],
    [{ text: 'x'.repeat(61) }, 'cta.text'],
    [{ text: 'Go', colour: 'red' }, 'cta'],
    ['https://example.com', 'cta'],
  ])('refuses %j, naming %s', (given, field) => {
    const checked = checkCallToAction(given);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem.field).toBe(field);
  });

  it('leaves the content address of a row without a button as it always was', () => {
    const welcome = { id: 'welcome', version: 2 };
    const props = { firstName: 'Ann' };
    const before = contentRenderId(SECRET, 'acme', welcome, props);
    expect(contentRenderId(SECRET, 'acme', welcome, props, undefined)).toBe(before);
    expect(contentRenderId(SECRET, 'acme', welcome, props, { url: 'https://a.example' })).not.toBe(before);
  });
});

describe('landingCopy', () => {
  it('speaks the video’s language, takes the render’s own button over the template’s, and survives old props', () => {
    const copy = landingCopy({
      template: 'trip',
      props: { destination: 'kyoto', locale: 'ru', firstName: 'Анна' },
      cta: { url: 'https://shop.example.com/' },
    });
    expect(copy).toMatchObject({
      locale: 'ru',
      greeting: 'Анна, вот ваше путешествие: Kyoto.',
      cta: { text: 'Забронировать поездку', url: 'https://shop.example.com/' },
    });
    const old = landingCopy({ template: 'trip', props: { destination: 'atlantis' } });
    expect(old).toMatchObject({
      title: 'Trip preview',
      greeting: '',
      cta: { url: 'https://wanderly.example.com/book' },
    });
  });
});

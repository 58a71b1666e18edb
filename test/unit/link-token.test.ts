import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LINK_CODE,
  landingLink,
  linkCode,
  linkHandle,
  linkToken,
  permanentLink,
  verifyLinkToken,
} from '../../core/links/link-token';
import { OUTPUT_KINDS } from '../../core/render/outputs';

const SECRET = 'link-secret-for-tests';
// A content render id: 34 characters, as contentRenderId makes them.
const RENDER_ID = 'r_Q2xhcmEgYW5kIHRoZSBzZWEgb2YgbGlnaHQ';

/** Replaces the character at `index` with another base64url character. */
const flip = (text: string, index: number): string =>
  `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;

describe('linkToken', () => {
  it('is the base64url id and an 18-byte HMAC-SHA256 over "link:<id>", so existing links stay valid', () => {
    const mac = createHmac('sha256', SECRET).update(`link:${RENDER_ID}`).digest().subarray(0, 18);
    const token = linkToken(SECRET, RENDER_ID);
    expect(token).toBe(`${Buffer.from(RENDER_ID).toString('base64url')}.${mac.toString('base64url')}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{24}$/);
  });

  it('differs by secret and by render id', () => {
    expect(linkToken('other', RENDER_ID)).not.toBe(linkToken(SECRET, RENDER_ID));
    expect(linkToken(SECRET, `${RENDER_ID}x`)).not.toBe(linkToken(SECRET, RENDER_ID));
  });
});

describe('verifyLinkToken', () => {
  it('round-trips render ids', () => {
    for (const id of [RENDER_ID, 'r_AmMwSBWEC79FmmXeE5H0xw', 'r_a', 'r_0123456789abcdef_-']) {
      expect(verifyLinkToken(SECRET, linkToken(SECRET, id))).toBe(id);
    }
  });

  it('refuses a token whose id was changed', () => {
    const token = linkToken(SECRET, RENDER_ID);
    expect(verifyLinkToken(SECRET, flip(token, 4))).toBeNull();
    // A valid MAC for one id does not carry over to another id.
    const [, mac] = linkToken(SECRET, RENDER_ID).split('.');
    const otherId = Buffer.from('r_SomeoneElsesVideo123456789012345').toString('base64url');
    expect(verifyLinkToken(SECRET, `${otherId}.${mac}`)).toBeNull();
  });

  it('refuses a token whose MAC was changed or cut', () => {
    const token = linkToken(SECRET, RENDER_ID);
    const dot = token.indexOf('.');
    expect(verifyLinkToken(SECRET, flip(token, dot + 1))).toBeNull();
    expect(verifyLinkToken(SECRET, flip(token, token.length - 2))).toBeNull();
    expect(verifyLinkToken(SECRET, token.slice(0, -4))).toBeNull();
    expect(verifyLinkToken(SECRET, `${token.slice(0, dot)}.`)).toBeNull();
  });

  it('refuses a token made with another secret', () => {
    expect(verifyLinkToken(SECRET, linkToken('another-secret', RENDER_ID))).toBeNull();
    expect(verifyLinkToken('another-secret', linkToken(SECRET, RENDER_ID))).toBeNull();
  });

  it('refuses a token with an extra dot part', () => {
    const token = linkToken(SECRET, RENDER_ID);
    expect(verifyLinkToken(SECRET, `${token}.x`)).toBeNull();
    expect(verifyLinkToken(SECRET, `${token}.`)).toBeNull();
    expect(verifyLinkToken(SECRET, `x.${token}`)).toBeNull();
  });

  it.each(['', '.', '..', 'garbage', 'no-dot-at-all', '.abc', 'abc.', '%%%.%%%', 'r_abc.def', '\u0000.\u0000'])(
    'refuses %j',
    (token) => {
      expect(verifyLinkToken(SECRET, token)).toBeNull();
    },
  );

  // base64url decoding skips stray characters: only the exact token linkToken made may verify.
  it('accepts only the token linkToken made', () => {
    const token = linkToken(SECRET, RENDER_ID);
    const [id, mac] = token.split('.') as [string, string];
    expect(verifyLinkToken(SECRET, `${id.slice(0, 5)}!${id.slice(5)}.${mac}`)).toBeNull();
    expect(verifyLinkToken(SECRET, `${id}.${mac}==`)).toBeNull();
    expect(verifyLinkToken(SECRET, `${id}.${mac}A`)).toBeNull();
  });
});

describe('permanentLink', () => {
  const publicUrl = 'https://videos.example.com';

  it('links every output kind under /v/<handle> with its linkPath; the handle alone is the landing page', () => {
    const handle = linkCode(SECRET, RENDER_ID);
    expect(OUTPUT_KINDS).toEqual(['video', 'poster', 'posterPlay', 'gif', 'gifPlay']);
    expect(Object.fromEntries(OUTPUT_KINDS.map((kind) => [kind, permanentLink(publicUrl, handle, kind)]))).toEqual({
      video: `${publicUrl}/v/${handle}.mp4`,
      poster: `${publicUrl}/v/${handle}/poster.jpg`,
      posterPlay: `${publicUrl}/v/${handle}/poster-play.jpg`,
      gif: `${publicUrl}/v/${handle}/preview.gif`,
      gifPlay: `${publicUrl}/v/${handle}.gif`,
    });
    expect(landingLink(publicUrl, handle)).toBe(`${publicUrl}/v/${handle}`);
  });
});

describe('linkCode and linkHandle', () => {
  it('is 16 URL-safe characters of an HMAC of the id, different per secret and per id', () => {
    const code = linkCode(SECRET, RENDER_ID);
    expect(code).toMatch(LINK_CODE);
    const mac = createHmac('sha256', SECRET).update(`link-code:${RENDER_ID}`).digest().subarray(0, 12);
    expect(code).toBe(mac.toString('base64url'));
    expect(linkCode('other', RENDER_ID)).not.toBe(code);
    expect(linkCode(SECRET, `${RENDER_ID}x`)).not.toBe(code);
  });

  it('uses the short code once a render has one, and the long token (which verifies back) before', () => {
    expect(linkHandle(SECRET, { id: RENDER_ID, link: 'abcdefghijklmnop' })).toBe('abcdefghijklmnop');
    const token = linkHandle(SECRET, { id: RENDER_ID });
    expect(token).not.toMatch(LINK_CODE);
    expect(verifyLinkToken(SECRET, token)).toBe(RENDER_ID);
  });
});

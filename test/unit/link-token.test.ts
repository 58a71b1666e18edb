import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linkToken, permanentLink, verifyLinkToken } from '../../core/links/link-token';
import { OUTPUT_KINDS, OUTPUTS } from '../../core/render/outputs';

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

  it('links every output kind under /v/<token> with its linkPath', () => {
    const token = linkToken(SECRET, RENDER_ID);
    expect(OUTPUT_KINDS).toEqual(['video', 'poster', 'posterPlay', 'gif']);
    for (const kind of OUTPUT_KINDS) {
      expect(permanentLink(publicUrl, SECRET, RENDER_ID, kind)).toBe(
        `${publicUrl}/v/${token}${OUTPUTS[kind].linkPath}`,
      );
    }
    expect(
      Object.fromEntries(OUTPUT_KINDS.map((kind) => [kind, permanentLink(publicUrl, SECRET, RENDER_ID, kind)])),
    ).toEqual({
      video: `${publicUrl}/v/${token}`,
      poster: `${publicUrl}/v/${token}/poster.jpg`,
      posterPlay: `${publicUrl}/v/${token}/poster-play.jpg`,
      gif: `${publicUrl}/v/${token}/preview.gif`,
    });
  });

  it('carries a token that verifies back to the render id', () => {
    const link = permanentLink(publicUrl, SECRET, RENDER_ID, 'gif');
    const token = link.slice(`${publicUrl}/v/`.length, -'/preview.gif'.length);
    expect(verifyLinkToken(SECRET, token)).toBe(RENDER_ID);
  });
});

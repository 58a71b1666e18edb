import { describe, expect, it } from 'vitest';
import { contentRenderId, RENDER_ID } from '../../core/render/render-ids';

const SECRET = 'a-server-secret-of-at-least-32-characters';
const welcome = { id: 'welcome', version: 2 };
const props = { firstName: 'Ann', company: 'Acme' };

describe('contentRenderId', () => {
  it('gives a row without a button the id it had before buttons existed (stored videos are reused)', () => {
    // Pinned: HMAC-SHA256 of ["welcome", 2, {company, firstName}] as every release before landing pages made it.
    const before = 'r_z3YrLulrHvPGlPdR_x_1_mMndBacMo13';
    expect(contentRenderId(SECRET, 'acme', welcome, props)).toBe(before);
    expect(contentRenderId(SECRET, 'acme', welcome, props, undefined)).toBe(before);
    // A button with nothing in it is no button.
    expect(contentRenderId(SECRET, 'acme', welcome, props, {})).toBe(before);
    expect(contentRenderId(SECRET, 'acme', welcome, props, { text: undefined, url: undefined })).toBe(before);
  });

  it('gives the same props with different buttons different ids, and one button one id whatever its key order', () => {
    const none = contentRenderId(SECRET, 'acme', welcome, props);
    const shopA = contentRenderId(SECRET, 'acme', welcome, props, { url: 'https://shop.example.com/?c=a' });
    const shopB = contentRenderId(SECRET, 'acme', welcome, props, { url: 'https://shop.example.com/?c=b' });
    const worded = contentRenderId(SECRET, 'acme', welcome, props, {
      text: 'Go',
      url: 'https://shop.example.com/?c=a',
    });
    expect(new Set([none, shopA, shopB, worded]).size).toBe(4);
    for (const id of [shopA, shopB, worded]) expect(id).toMatch(RENDER_ID);
    expect(contentRenderId(SECRET, 'acme', welcome, props, { url: 'https://shop.example.com/?c=a', text: 'Go' })).toBe(
      worded,
    );
    // Still per tenant and per template version.
    expect(contentRenderId(SECRET, 'globex', welcome, props, { url: 'https://shop.example.com/?c=a' })).not.toBe(shopA);
    expect(
      contentRenderId(SECRET, 'acme', { ...welcome, version: 3 }, props, { url: 'https://shop.example.com/?c=a' }),
    ).not.toBe(shopA);
  });
});

import { escapeHtml } from '../escape-html';

/** Mailchimp's text merge fields hold 255 characters; most tools' limits are at or above it. */
export const SNIPPET_LIMIT = 255;

export interface EmailImage {
  /** Where a click goes: the landing page. */
  href: string;
  /** The GIF with the play button. */
  src: string;
  alt: string;
}

const WIDTH = 480;

/**
 * The short snippet for a merge field: a linked image in a one-cell table, its width and alt text as attributes, no
 * CSS for a client to strip. A table keeps Outlook from stretching the image; when the links are too long for the
 * table to fit in 255 characters, the bare linked image is given instead.
 */
export function htmlSnippet({ href, src, alt }: EmailImage): string {
  const image = `<a href="${escapeHtml(href)}"><img src="${escapeHtml(src)}" width="${WIDTH}" alt="${escapeHtml(alt)}" border="0"></a>`;
  const table = `<table><tr><td>${image}</td></tr></table>`;
  return table.length <= SNIPPET_LIMIT ? table : image;
}

/**
 * The full block for tools without a length limit: a centred, bulletproof table (presentation role, zero spacing),
 * the linked GIF scaling down on phones, and a text link under it for clients that block images.
 */
export function htmlBlock({ href, src, alt }: EmailImage, linkText: string): string {
  const link = escapeHtml(href);
  const imageStyle = 'display:block;width:100%;max-width:480px;height:auto;border:0;outline:none;text-decoration:none';
  const textStyle = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#1a56db';
  return [
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" align="center" width="480" style="width:480px;max-width:100%">',
    `<tr><td align="center"><a href="${link}" target="_blank">`,
    `<img src="${escapeHtml(src)}" width="${WIDTH}" alt="${escapeHtml(alt)}" style="${imageStyle}"></a></td></tr>`,
    `<tr><td align="center" style="padding-top:8px;${textStyle}"><a href="${link}" target="_blank" style="color:#1a56db">${escapeHtml(linkText)}</a></td></tr>`,
    '</table>',
  ].join('');
}

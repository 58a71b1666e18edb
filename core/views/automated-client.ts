/**
 * Who is not a person: link scanners (Outlook Safe Links, Proofpoint, Mimecast, Barracuda…), image proxies (Gmail's
 * GoogleImageProxy), chat unfurlers (Slack, Teams, Discord, WhatsApp…), crawlers and scripted clients. Most of them
 * never run the page's script, so they never send a beacon at all; this catches the ones that do, by their user agent
 * and by the prefetch headers browsers send for speculative loads.
 */
const AUTOMATED_AGENTS = new RegExp(
  [
    // Bots name themselves (Googlebot/2.1, Slackbot-LinkExpanding, Twitterbot, Discordbot…), but a phone may be a CUBOT.
    '\\bbot\\b|bot/|bot-|crawler|spider|slurp|preview|prefetch|scanner|validator',
    'googleimageproxy|google-safety|feedfetcher|ggpht|facebookexternalhit|embedly|quora link|whatsapp/',
    'vkshare|iframely|outbrain|slack',
    'ms-office|microsoft office|office365|safelinks|protection\\.outlook|proofpoint|mimecast|barracuda',
    'symantec|trendmicro|trend micro|fireeye|forcepoint|sophos|ironport|zscaler',
    'headlesschrome|phantomjs|puppeteer|playwright|selenium|lighthouse|pagespeed',
    'python-|curl/|wget/|go-http-client|java/|okhttp|axios|node-fetch|undici|libwww|httpclient|scrapy|postman',
  ].join('|'),
  'i',
);

export interface ClientHeaders {
  'user-agent'?: string;
  purpose?: string;
  'sec-purpose'?: string;
  'x-purpose'?: string;
  'x-moz'?: string;
}

/** Why a request is not a person's, or null when nothing says it is not. */
export function automatedClient(headers: ClientHeaders): string | null {
  const agent = headers['user-agent']?.trim();
  if (!agent) return 'no user agent';
  if (AUTOMATED_AGENTS.test(agent)) return 'automated user agent';
  const purpose = [headers.purpose, headers['sec-purpose'], headers['x-purpose'], headers['x-moz']].join(' ');
  if (/prefetch|prerender|preview/i.test(purpose)) return 'prefetch';
  return null;
}

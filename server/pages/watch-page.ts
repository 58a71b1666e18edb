import type { RenderRecord } from '../../core/render/render-record';
import { escapeHtml, page, scriptJson } from './html';

export interface WatchPageData {
  record: RenderRecord;
  title: string;
  status: string;
  progress: number;
  message: string;
  watchUrl: string;
  links: { video: string; poster: string; posterPlay: string };
  /** The HLS stream, played from the moment it can play through. */
  stream: string;
  /** The request's script nonce, which the Content-Security-Policy asks of the inline script. */
  nonce: string;
}

/**
 * The watch page: the live preview (mounted by /assets/watch.js) and progress while the MP4 renders, then the MP4
 * with a download button and the share link. Without JavaScript it refreshes itself until the video is there.
 */
export function watchPage(data: WatchPageData): string {
  const { record, title, status, progress, message, watchUrl, links, stream } = data;
  const done = status === 'done';
  const failed = status === 'failed' || status === 'cancelled';
  const meta: Array<[string, string, string]> = [
    ['property', 'og:type', 'video.other'],
    ['property', 'og:title', title],
    ['property', 'og:description', 'A video made from your answers.'],
    ['property', 'og:url', watchUrl],
    ['property', 'og:image', links.posterPlay],
    ['property', 'og:image:width', '1280'],
    ['property', 'og:image:height', '720'],
    ['property', 'og:video', links.video],
    ['property', 'og:video:type', 'video/mp4'],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:title', title],
    ['name', 'twitter:image', links.posterPlay],
  ];
  const head = `
${meta.map(([attribute, key, value]) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`).join('\n')}
<link rel="stylesheet" href="/assets/watch.css">
${done || failed ? '' : '<noscript><meta http-equiv="refresh" content="5"></noscript>'}`;
  const sources = `poster="${escapeHtml(links.poster)}" src="${escapeHtml(links.video)}"`;
  const stage = done
    ? `<video controls playsinline preload="auto" ${sources}></video>`
    : '<noscript><p style="color:#fff;padding:1rem">Your video is being made; ' +
      'this page refreshes by itself.</p></noscript>';
  const shareStyle = 'width:100%;font:inherit;padding:0.5rem';
  const shareValue = escapeHtml(watchUrl);
  const shareInput = `<input id="share" readonly value="${shareValue}" style="${shareStyle}">`;
  const watchData = scriptJson({
    id: record.id,
    template: record.template,
    props: record.props,
    status,
    links,
    stream,
  });
  const body = `
<h1>${escapeHtml(title)}</h1>
<div class="stage" id="stage">${stage}</div>
<progress id="progress" max="1" value="${progress}"${done || failed ? ' hidden' : ''}></progress>
<p id="status" role="status" aria-live="polite">${escapeHtml(message)}</p>
<div id="done"${done ? '' : ' hidden'}>
  <a class="button" id="download" href="${escapeHtml(`${links.video}?download=1`)}">Download the MP4</a>
  <p><label for="share">Share your video</label>${shareInput}</p>
</div>
<div id="failed"${failed ? '' : ' hidden'}>
  <p>Sorry, we could not finish your video this time. It was not your answers: please try again.</p>
  <form method="post" action="/w/${escapeHtml(record.id)}/retry"><button type="submit">Try again</button></form>
</div>
<script type="application/json" id="watch-data">${watchData}</script>
<script nonce="${escapeHtml(data.nonce)}">
window.remotion_staticBase = '/static';
document.getElementById('share').addEventListener('focus', (event) => event.target.select());
</script>
<script type="module" src="/assets/watch.js"></script>`;
  return page({ title, head, body });
}

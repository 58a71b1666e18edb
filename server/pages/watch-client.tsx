// Runs in the visitor's browser (bundled by server/browser-bundle.ts): a live preview of their video with
// @remotion/player until the real video's stream can play through, the stream (HLS) while the rest renders, real
// progress from server-sent events, then the MP4 itself.
import { Player, type PlayerRef } from '@remotion/player';
import Hls from 'hls.js';
import { createRoot } from 'react-dom/client';
import '../../compositions/shared/fonts';
import { findTemplate } from '../../compositions/registry';
import { isFinal } from '../../core/render/statuses';

interface WatchData {
  id: string;
  template: string;
  props: Record<string, unknown>;
  status: string;
  links: { video: string; poster: string; posterPlay: string };
  stream: string;
}

/** What the page shows and how the stream went: read by the browser tests and the forms benchmark. */
export interface WatchState {
  phase: 'preview' | 'stream' | 'video';
  /** Date.now() when the server said the stream can play through, and when its first frame played. */
  streamStartedAt: number | null;
  streamPlayingAt: number | null;
  /** Times the stream stopped to wait for a piece after it started playing (not for a decoder behind on a busy CPU). */
  stalls: number;
  /** Waits with the next pieces already buffered: the decoder behind on a busy CPU, counted apart. */
  decoderWaits: number;
  streamEnded: boolean;
  streamError: string | null;
}

declare global {
  interface Window {
    reelpipePlayer?: PlayerRef | null;
    reelpipeWatch?: WatchState;
  }
}

const data = JSON.parse(document.getElementById('watch-data')!.textContent!) as WatchData;
const stage = document.getElementById('stage')!;
const progress = document.getElementById('progress') as HTMLProgressElement;
const status = document.getElementById('status')!;

const watch: WatchState = {
  phase: 'preview',
  streamStartedAt: null,
  streamPlayingAt: null,
  stalls: 0,
  decoderWaits: 0,
  streamEnded: false,
  streamError: null,
};
window.reelpipeWatch = watch;
let mp4Ready = false;
let hls: Hls | null = null;
// A 'waiting' with less than this ahead of the playhead ran out of stream; with more, the decoder fell behind.
const STALL_AHEAD_SECONDS = 0.5;

function showVideo(): void {
  watch.phase = 'video';
  // Stops the stream's playlist reloads and frees its buffers.
  hls?.destroy();
  hls = null;
  const video = document.createElement('video');
  video.controls = true;
  video.playsInline = true;
  video.preload = 'auto';
  video.poster = data.links.poster;
  video.src = data.links.video;
  stage.replaceChildren(video);
  document.getElementById('done')!.hidden = false;
  progress.hidden = true;
}

/**
 * Tells the page that frames this one (a site that embeds the form) that the video is ready, with its public links;
 * the embed script turns it into a `reelpipe:video-ready` DOM event there. Only the sites FORM_ORIGINS names can frame
 * the page, and the message holds nothing they could not read from it.
 */
function announceReady(): void {
  if (window.parent === window) return;
  const watchUrl = `${location.origin}${location.pathname}`;
  const message = {
    reelpipe: 'video-ready',
    id: data.id,
    watchUrl,
    video: data.links.video,
    poster: data.links.poster,
  };
  window.parent.postMessage(message, '*');
}

function showFailure(): void {
  hls?.destroy();
  hls = null;
  document.getElementById('failed')!.hidden = false;
  progress.hidden = true;
}

const template = findTemplate(data.template);
if (template && !isFinal(data.status)) {
  const props = template.schema.parse(data.props);
  const meta = template.metadata(props);
  const mount = document.createElement('div');
  mount.style.cssText = 'width:100%;height:100%';
  stage.replaceChildren(mount);
  createRoot(mount).render(
    <Player
      // Exposed for the browser tests, which check that the preview plays.
      ref={(ref) => {
        window.reelpipePlayer = ref;
      }}
      component={template.component}
      inputProps={props}
      durationInFrames={meta.durationInFrames}
      fps={meta.fps}
      compositionWidth={meta.width}
      compositionHeight={meta.height}
      style={{ width: '100%', height: '100%' }}
      // Someone who asked their system for less motion gets the preview still, to play with a tap.
      autoPlay={!matchMedia('(prefers-reduced-motion: reduce)').matches}
      loop
      controls
      acknowledgeRemotionLicense
    />,
  );

  const events = new EventSource(`/w/${encodeURIComponent(data.id)}/events`);
  events.addEventListener('message', (event) => {
    const view = JSON.parse(event.data) as { status: string; progress: number; message: string; startable: boolean };
    progress.value = view.progress;
    status.textContent = view.message;
    if (view.status === 'done') {
      events.close();
      mp4Ready = true;
      announceReady();
      // A stream on screen plays to its end; the MP4 (with music, to download) takes its place after. One that has not
      // started or has failed would leave the visitor waiting for nothing.
      if (watch.streamPlayingAt !== null && !watch.streamEnded && !watch.streamError)
        document.getElementById('done')!.hidden = false;
      else showVideo();
    } else if (view.status === 'failed' || view.status === 'cancelled') {
      events.close();
      showFailure();
    } else if (view.startable && watch.phase === 'preview') playStream();
  });
}

/**
 * Plays the HLS stream once the server says it can play through (the pieces still to render will arrive before the
 * playhead reaches them). The preview stays until the stream's first frame is on screen. hls.js where the browser has
 * Media Source Extensions, the browser's own HLS elsewhere (Safari on iOS).
 */
function playStream(): void {
  watch.phase = 'stream';
  watch.streamStartedAt = Date.now();
  const video = document.createElement('video');
  // Muted (the stream has no music; the MP4 does) so it may start without a tap.
  video.muted = true;
  video.playsInline = true;
  video.controls = true;
  video.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;opacity:0';
  stage.style.position = 'relative';
  stage.append(video);
  // Whether the playlist lists the whole video (EXT-X-ENDLIST), so a wait at the end of the buffer is not for a piece.
  let streamComplete = false;
  video.addEventListener('playing', () => {
    if (watch.streamPlayingAt === null) {
      watch.streamPlayingAt = Date.now();
      video.style.opacity = '1';
      window.reelpipePlayer?.pause();
      for (const child of [...stage.children]) if (child !== video) child.remove();
    }
  });
  video.addEventListener('waiting', () => {
    if (watch.streamPlayingAt === null || video.seeking || video.ended) return;
    // Chromium also says 'waiting' when its decoder falls behind on a busy machine, with seconds buffered.
    const t = video.currentTime;
    let ahead = 0;
    for (let i = 0; i < video.buffered.length; i++)
      if (video.buffered.start(i) <= t + 0.1 && t < video.buffered.end(i)) ahead = video.buffered.end(i) - t;
    const endBuffered = streamComplete && t + ahead >= video.duration - 0.1;
    if (ahead < STALL_AHEAD_SECONDS && !endBuffered) watch.stalls += 1;
    else watch.decoderWaits += 1;
  });
  video.addEventListener('ended', () => {
    watch.streamEnded = true;
    if (mp4Ready) showVideo();
  });
  if (Hls.isSupported()) {
    hls = new Hls({ startPosition: 0 });
    hls.on(Hls.Events.LEVEL_LOADED, (_event, loaded) => {
      streamComplete = !loaded.details.live;
    });
    hls.on(Hls.Events.ERROR, (_event, error) => {
      if (!error.fatal) return;
      watch.streamError = `${error.type}: ${error.details}`;
      if (mp4Ready) showVideo();
    });
    hls.loadSource(data.stream);
    hls.attachMedia(video);
  } else video.src = data.stream;
  void video.play().catch(() => undefined);
}

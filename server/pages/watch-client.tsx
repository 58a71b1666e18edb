// Runs in the visitor's browser (bundled by server/player-bundle.ts): a live preview of their video with
// @remotion/player while the MP4 renders, real progress from server-sent events, then the MP4 itself.
import { Player, type PlayerRef } from '@remotion/player';
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
}

declare global {
  interface Window {
    reelpipePlayer?: PlayerRef | null;
  }
}

const data = JSON.parse(document.getElementById('watch-data')!.textContent!) as WatchData;
const stage = document.getElementById('stage')!;
const progress = document.getElementById('progress') as HTMLProgressElement;
const status = document.getElementById('status')!;

function showVideo(): void {
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

function showFailure(): void {
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
      autoPlay
      loop
      controls
      acknowledgeRemotionLicense
    />,
  );

  const events = new EventSource(`/w/${encodeURIComponent(data.id)}/events`);
  events.addEventListener('message', (event) => {
    const view = JSON.parse(event.data) as { status: string; progress: number; message: string };
    progress.value = view.progress;
    status.textContent = view.message;
    if (view.status === 'done') {
      events.close();
      showVideo();
    } else if (view.status === 'failed' || view.status === 'cancelled') {
      events.close();
      showFailure();
    }
  });
}

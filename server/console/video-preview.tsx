import { Player } from '@remotion/player';
import type { AnyTemplate } from '../../compositions/registry';

/** "16:9 · 1280×720": the video's shape as people name it, and its size. */
export function formatLabel({ width, height }: { width: number; height: number }): string {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const d = gcd(width, height);
  return `${width / d}:${height / d} · ${width}×${height}`;
}

/** What @remotion/player needs to draw a template's video for these props; null for props its schema refuses. */
export function compositionOf(template: AnyTemplate, props: Record<string, unknown>) {
  const parsed = template.schema.safeParse(props);
  if (!parsed.success) return null;
  const meta = template.metadata(parsed.data);
  const composition = {
    component: template.component,
    inputProps: parsed.data,
    durationInFrames: meta.durationInFrames,
    fps: meta.fps,
    compositionWidth: meta.width,
    compositionHeight: meta.height,
  };
  return { composition, posterFrame: meta.posterFrame };
}

/**
 * The template's video for these props, drawn live in the browser by @remotion/player from the same compositions
 * the workers render: what the MP4 will look like, before anything is queued.
 */
export function VideoPreview({
  template,
  props,
  label,
}: {
  template: AnyTemplate;
  props: Record<string, unknown>;
  label: string;
}) {
  const found = compositionOf(template, props);
  if (!found) return null;
  return (
    <section className="player" aria-label={label}>
      <Player
        {...found.composition}
        style={{ width: '100%', height: '100%' }}
        // The poster frame first: the personal part of the video, before anyone presses play.
        initialFrame={found.posterFrame}
        controls
        acknowledgeRemotionLicense
      />
    </section>
  );
}

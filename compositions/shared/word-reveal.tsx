import type { CSSProperties } from 'react';
import { interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';

export interface TextPart {
  text: string;
  emphasis?: boolean;
}

/** Words rise and fade in one after another, the typographic entrance used across templates. */
export const WordReveal: React.FC<{
  parts: readonly TextPart[];
  delay?: number;
  stagger?: number;
  emphasisColor?: string;
  style?: CSSProperties;
}> = ({ parts, emphasisColor, delay = 0, stagger = 4, style }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const words = parts.flatMap((part) =>
    part.text
      .split(' ')
      .filter(Boolean)
      .map((word) => ({ word, color: part.emphasis ? emphasisColor : undefined })),
  );
  return (
    <div style={{ ...style, display: 'flex', flexWrap: 'wrap', columnGap: '0.28em' }}>
      {words.map(({ word, color }, index) => {
        const progress = spring({
          frame: frame - delay - index * stagger,
          fps,
          config: { damping: 200 },
          durationInFrames: 18,
        });
        return (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: words repeat, and their order never changes within a render
            key={index}
            style={{
              display: 'inline-block',
              color,
              opacity: progress,
              transform: `translateY(${interpolate(progress, [0, 1], [28, 0])}px)`,
            }}
          >
            {word}
          </span>
        );
      })}
    </div>
  );
};

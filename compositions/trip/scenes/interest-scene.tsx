import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import type { Locale } from '../../shared/locale';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { INK, INTEREST_STYLE, SAND } from '../brand';
import { TRIP_COPY } from '../copy';
import type { Interest } from '../schema';

/** Shared scene: the same for every visitor who picked this interest in this language. */
export const InterestScene: React.FC<{ interest: Interest; locale: Locale }> = ({ interest, locale }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const { title, tips } = TRIP_COPY[locale].interests[interest];
  const { icon, color } = INTEREST_STYLE[interest];
  const badge = spring({ frame: frame - 4, fps, config: { damping: 9, mass: 0.8 } });
  const float = Math.sin(frame / 12) * 8;
  return (
    <AbsoluteFill style={{ background: SAND }}>
      <div
        style={{
          position: 'absolute',
          left: -160,
          top: -120,
          width: 760,
          height: 760,
          borderRadius: 380,
          background: color,
          opacity: 0.16,
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: 130,
          top: 200,
          width: 300,
          height: 300,
          borderRadius: 150,
          background: color,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          transform: `scale(${badge}) translateY(${float}px)`,
          boxShadow: `0 30px 60px ${color}55`,
        }}
      >
        <span style={{ fontFamily: BODY_FONT, fontSize: 150 }}>{icon}</span>
      </div>
      <WordReveal
        parts={[{ text: title }]}
        delay={10}
        style={{
          position: 'absolute',
          left: 530,
          top: 190,
          width: 650,
          fontFamily: HEADLINE_FONT,
          fontWeight: 800,
          fontSize: 68,
          color: INK,
        }}
      />
      {tips.map((tip, index) => {
        const enter = spring({ frame: frame - 26 - index * 10, fps, config: { damping: 200 } });
        return (
          <div
            key={tip}
            style={{
              position: 'absolute',
              left: 530,
              top: 320 + index * 96,
              width: 650,
              display: 'flex',
              alignItems: 'center',
              gap: 20,
              opacity: enter,
              transform: `translateX(${interpolate(enter, [0, 1], [40, 0])}px)`,
            }}
          >
            <div
              style={{
                width: 44,
                height: 44,
                flexShrink: 0,
                borderRadius: 22,
                background: color,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              <svg width={22} height={22} viewBox="0 0 22 22">
                <path
                  d="M4 11.5l4.5 4.5L18 6.5"
                  stroke="#fff"
                  strokeWidth={3.2}
                  fill="none"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </div>
            <div style={{ fontFamily: BODY_FONT, fontWeight: 600, fontSize: 32, lineHeight: 1.25, color: INK }}>
              {tip}
            </div>
          </div>
        );
      })}
    </AbsoluteFill>
  );
};

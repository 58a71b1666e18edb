import { AbsoluteFill, Img, spring, staticFile, useCurrentFrame, useVideoConfig } from 'remotion';
import { push } from '../../shared/cut-motion';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { INK, INTEREST_STYLE, SAND } from '../brand';
import { TRIP_COPY } from '../copy';
import type { Interest, TripProps } from '../schema';

export const INTEREST_FRAMES = 84;
const BADGE = 300;
// The pre-made shadow (tools/make-images.ts) is the badge's 60 px box-shadow: 90 px of blur on each side, 30 px down.
const SHADOW_MARGIN = 90;
const SHADOW_DROP = 30;

/**
 * One interest the visitor chose, the same for everyone who chose it in this language, wherever it falls in their
 * video. It opens and ends on bare sand, pushing in from the right and out to the left, so interests cut into each
 * other (and the intro and outro cut into them) as one movement, although each is rendered and reused on its own.
 */
export const InterestScene: React.FC<Pick<TripProps, 'locale'> & { interest: Interest }> = ({ interest, locale }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const { title, tips } = TRIP_COPY[locale].interests[interest];
  const { icon, color } = INTEREST_STYLE[interest];
  const badge = spring({ frame: frame - 2, fps, config: { damping: 9, mass: 0.8 } });
  const float = Math.sin(frame / 12) * 8;
  const wash = push(frame, INTEREST_FRAMES, { distance: 320 });
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
          transform: wash.transform,
          // A wash of colour, not a disc.
          opacity: 0.16 * Number(wash.opacity),
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: 130,
          top: 200,
          width: BADGE,
          height: BADGE,
          ...push(frame, INTEREST_FRAMES, { distance: 200, lead: 1 }),
        }}
      >
        <div style={{ width: '100%', height: '100%', transform: `scale(${badge}) translateY(${float}px)` }}>
          <Img
            src={staticFile(`trip/badge-shadow-${interest}.png`)}
            style={{
              position: 'absolute',
              left: -SHADOW_MARGIN,
              top: -SHADOW_MARGIN + SHADOW_DROP,
              width: BADGE + 2 * SHADOW_MARGIN,
              height: BADGE + 2 * SHADOW_MARGIN,
            }}
          />
          <div
            style={{
              position: 'absolute',
              inset: 0,
              borderRadius: BADGE / 2,
              background: color,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
            }}
          >
            <span style={{ fontFamily: BODY_FONT, fontSize: 150 }}>{icon}</span>
          </div>
        </div>
      </div>
      <WordReveal
        parts={[{ text: title }]}
        delay={3}
        style={{
          position: 'absolute',
          left: 530,
          top: 190,
          width: 650,
          fontFamily: HEADLINE_FONT,
          fontWeight: 800,
          fontSize: 68,
          color: INK,
          ...push(frame, INTEREST_FRAMES, { lead: 3 }),
        }}
      />
      {tips.map((tip, index) => (
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
            ...push(frame, INTEREST_FRAMES, { delay: 16 + index * 6, distance: 60, lead: 2 - index }),
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
      ))}
    </AbsoluteFill>
  );
};

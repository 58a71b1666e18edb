import { AbsoluteFill, Easing, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import type { Locale } from '../../shared/locale';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';

const CENTERS = [240, 640, 1040];

/** Shared scene: depends on the locale only. */
export const StepsScene: React.FC<{ locale: Locale }> = ({ locale }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[locale];
  const line = interpolate(frame, [18, 78], [0, 1], {
    extrapolateLeft: 'clamp',
    extrapolateRight: 'clamp',
    easing: Easing.inOut(Easing.quad),
  });
  return (
    <AbsoluteFill>
      <Backdrop />
      <WordReveal
        parts={[{ text: copy.stepsTitle }]}
        delay={4}
        style={{
          position: 'absolute',
          left: 120,
          top: 110,
          width: 1040,
          fontFamily: HEADLINE_FONT,
          fontWeight: 800,
          fontSize: 52,
          color: COLORS.text,
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: CENTERS[0],
          top: 356,
          height: 6,
          width: CENTERS[2]! - CENTERS[0]!,
          borderRadius: 3,
          background: `linear-gradient(90deg, ${COLORS.violet}, ${COLORS.teal})`,
          transform: `scaleX(${line})`,
          transformOrigin: 'left',
        }}
      />
      {copy.steps.map((step, index) => {
        const pop = spring({ frame: frame - 18 - index * 28, fps, config: { damping: 10, mass: 0.7 } });
        return (
          <div
            key={step}
            style={{
              position: 'absolute',
              left: CENTERS[index]! - 170,
              top: 310,
              width: 340,
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
            }}
          >
            <div
              style={{
                width: 96,
                height: 96,
                borderRadius: 48,
                background: COLORS.night,
                border: `6px solid ${index === 2 ? COLORS.teal : COLORS.violet}`,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                transform: `scale(${pop})`,
                fontFamily: HEADLINE_FONT,
                fontWeight: 800,
                fontSize: 40,
                color: COLORS.text,
                boxSizing: 'border-box',
              }}
            >
              {index + 1}
            </div>
            <div
              style={{
                marginTop: 28,
                textAlign: 'center',
                fontFamily: BODY_FONT,
                fontWeight: 600,
                fontSize: 28,
                lineHeight: 1.3,
                color: COLORS.text,
                opacity: pop,
                transform: `translateY(${interpolate(pop, [0, 1], [20, 0])}px)`,
              }}
            >
              {step}
            </div>
          </div>
        );
      })}
    </AbsoluteFill>
  );
};

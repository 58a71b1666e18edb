import { AbsoluteFill, Easing, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { push } from '../../shared/cut-motion';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { AnchorLogo, Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const STEPS_FRAMES = 105;
const CENTERS = [240, 640, 1040];

/** How to start: the same for every contact in a language. */
export const StepsScene: React.FC<Pick<WelcomeProps, 'locale'>> = ({ locale }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[locale];
  const line = interpolate(frame, [14, 66], [0, 1], {
    extrapolateLeft: 'clamp',
    extrapolateRight: 'clamp',
    easing: Easing.inOut(Easing.quad),
  });
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      <WordReveal
        parts={[{ text: copy.stepsTitle }]}
        delay={4}
        style={{
          position: 'absolute',
          left: 120,
          top: 126,
          width: 1040,
          fontFamily: HEADLINE_FONT,
          fontWeight: 800,
          fontSize: 52,
          color: COLORS.text,
          ...push(frame, STEPS_FRAMES, { arrive: false, lead: 4 }),
        }}
      />
      <AbsoluteFill style={push(frame, STEPS_FRAMES, { arrive: false, distance: 200 })}>
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
    </AbsoluteFill>
  );
};

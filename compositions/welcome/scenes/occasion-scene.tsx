import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { easeIn, push } from '../../shared/cut-motion';
import { HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { AnchorLogo, Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const OCCASION_FRAMES = 54;

/** "Welcome to Lumora" or "Thank you for another year": the same for every contact with this occasion and language. */
export const OccasionScene: React.FC<Pick<WelcomeProps, 'occasion' | 'locale'>> = ({ occasion, locale }) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[locale];
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      <AbsoluteFill style={{ justifyContent: 'center', paddingLeft: 120, ...push(frame, OCCASION_FRAMES) }}>
        <WordReveal
          parts={[{ text: occasion === 'renewal' ? copy.renewal : copy.onboarding }]}
          delay={0}
          stagger={2}
          style={{
            width: 1040,
            fontFamily: HEADLINE_FONT,
            fontWeight: 800,
            fontSize: 76,
            lineHeight: 1.12,
            color: COLORS.text,
          }}
        />
        <div
          style={{
            marginTop: 34,
            height: 8,
            width: 260,
            borderRadius: 4,
            background: `linear-gradient(90deg, ${COLORS.violet}, ${COLORS.teal})`,
            transform: `scaleX(${easeIn(frame, 10, 20)})`,
            transformOrigin: 'left',
          }}
        />
      </AbsoluteFill>
    </AbsoluteFill>
  );
};

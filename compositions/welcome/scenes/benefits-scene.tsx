import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { push } from '../../shared/cut-motion';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { AnchorLogo, Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const BENEFITS_FRAMES = 120;

const ICONS = [
  // live dashboards: rising bars
  <path key="bars" d="M12 40V28M24 40V18M36 40V24M48 40V10" stroke="#fff" strokeWidth={6} strokeLinecap="round" />,
  // smart alerts: a bell
  <path
    key="bell"
    d="M30 8c-8 0-13 6-13 14v9l-5 7h36l-5-7v-9c0-8-5-14-13-14zM24 42a6 6 0 0 0 12 0"
    stroke="#fff"
    strokeWidth={5}
    fill="none"
    strokeLinejoin="round"
  />,
  // secure sharing: a padlock
  <path
    key="lock"
    d="M18 26v-7a12 12 0 0 1 24 0v7M14 26h32v20H14z"
    stroke="#fff"
    strokeWidth={5}
    fill="none"
    strokeLinejoin="round"
  />,
];
const GRADIENTS = [
  `linear-gradient(135deg, ${COLORS.violet}, #5B8CFF)`,
  `linear-gradient(135deg, ${COLORS.coral}, #FFB347)`,
  `linear-gradient(135deg, ${COLORS.teal}, #4ADE80)`,
];

/** What the product does: the same for every contact in a language. */
export const BenefitsScene: React.FC<Pick<WelcomeProps, 'locale'>> = ({ locale }) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[locale];
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      <WordReveal
        parts={[{ text: copy.benefitsTitle }]}
        delay={0}
        stagger={2}
        style={{
          position: 'absolute',
          left: 120,
          top: 126,
          width: 1040,
          fontFamily: HEADLINE_FONT,
          fontWeight: 800,
          fontSize: 52,
          color: COLORS.text,
          lineHeight: 1.15,
          ...push(frame, BENEFITS_FRAMES, { lead: 4 }),
        }}
      />
      <div style={{ position: 'absolute', left: 120, top: 290, display: 'flex', gap: 40 }}>
        {copy.benefits.map((benefit, index) => (
          <div
            key={benefit.title}
            style={{
              // Cards grow with the longest translation; the flex row keeps them the same height.
              width: 320,
              minHeight: 290,
              padding: 32,
              borderRadius: 28,
              boxSizing: 'border-box',
              background: 'rgba(255,255,255,0.07)',
              border: '1.5px solid rgba(255,255,255,0.14)',
              ...push(frame, BENEFITS_FRAMES, { delay: 10 + index * 5, lead: 2 - index, distance: 200 }),
            }}
          >
            <div
              style={{
                width: 72,
                height: 72,
                borderRadius: 20,
                background: GRADIENTS[index],
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              <svg viewBox="0 0 60 50" width={44} height={40}>
                {ICONS[index]}
              </svg>
            </div>
            <div
              style={{ marginTop: 24, fontFamily: HEADLINE_FONT, fontWeight: 700, fontSize: 28, color: COLORS.text }}
            >
              {benefit.title}
            </div>
            <div
              style={{
                marginTop: 12,
                fontFamily: BODY_FONT,
                fontWeight: 400,
                fontSize: 21,
                lineHeight: 1.4,
                color: COLORS.muted,
              }}
            >
              {benefit.text}
            </div>
          </div>
        ))}
      </div>
    </AbsoluteFill>
  );
};

import { measureText } from '@remotion/layout-utils';
import { AbsoluteFill, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { easeIn, push } from '../../shared/cut-motion';
import { BODY_FONT, HEADLINE_FONT, WIDTH } from '../../shared/theme';
import { Backdrop, COLORS, LOGO_SPOT, Logo } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const END_CARD_FRAMES = 48;
const LOGO_SCALE = 1.6;
const LOGO_TOP = 174;

/** The button and the address: the same for every contact in a language; the video ends on it. */
export const EndCardScene: React.FC<Pick<WelcomeProps, 'locale'>> = ({ locale }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[locale];
  // The logo leaves its spot in the corner, where every scene kept it, for the middle of the end card.
  const words = measureText({
    text: 'lumora',
    fontFamily: HEADLINE_FONT,
    fontWeight: 800,
    fontSize: LOGO_SPOT.size * 0.62,
    letterSpacing: '0.02em',
  });
  const logoWidth = LOGO_SPOT.size * 1.3 + words.width;
  const travel = easeIn(frame, 0, 16);
  const dx = (WIDTH / 2 - (logoWidth * LOGO_SCALE) / 2 - LOGO_SPOT.left) * travel;
  const dy = (LOGO_TOP - LOGO_SPOT.top) * travel;
  const button = spring({ frame: frame - 8, fps, config: { damping: 11, mass: 0.6 } });
  const pulse = 1 + Math.max(0, Math.sin((frame - 26) / 5)) * 0.03 * (frame > 26 ? 1 : 0);
  return (
    <AbsoluteFill>
      <Backdrop />
      <Logo
        size={LOGO_SPOT.size}
        style={{
          position: 'absolute',
          left: LOGO_SPOT.left,
          top: LOGO_SPOT.top,
          transformOrigin: 'top left',
          transform: `translate(${dx.toFixed(2)}px, ${dy.toFixed(2)}px) scale(${1 + (LOGO_SCALE - 1) * travel})`,
        }}
      />
      <AbsoluteFill style={{ alignItems: 'center', top: 324 }}>
        <div style={{ opacity: button, transform: `scale(${button * pulse})` }}>
          <div
            style={{
              // A small blur, unlike the full-screen lights: measured no dearer than a pre-made glow.
              boxShadow: '0 18px 50px rgba(255,122,89,0.35)',
              padding: '26px 60px',
              borderRadius: 999,
              background: `linear-gradient(90deg, ${COLORS.coral}, #FFB347)`,
              fontFamily: BODY_FONT,
              fontWeight: 600,
              fontSize: 34,
              color: '#1A1033',
              whiteSpace: 'nowrap',
            }}
          >
            {copy.button} →
          </div>
        </div>
        <div
          style={{
            marginTop: 34,
            fontFamily: BODY_FONT,
            fontSize: 26,
            color: COLORS.muted,
            ...push(frame, END_CARD_FRAMES, { delay: 14, distance: 60, leave: false }),
          }}
        >
          lumora.example/start
        </div>
      </AbsoluteFill>
    </AbsoluteFill>
  );
};

import type { CSSProperties } from 'react';
import { AbsoluteFill, Img, interpolate, staticFile, useCurrentFrame } from 'remotion';
import { BODY_FONT, HEADLINE_FONT } from '../shared/theme';
import { COLORS } from './colors';

export { COLORS } from './colors';

/**
 * The brand lights behind every scene, as one pre-made image (tools/make-images.ts): the CSS gradients it replaces
 * were painted again on every frame. It never moves, so it is the same on both sides of every hard cut.
 */
export const Backdrop: React.FC = () => (
  <AbsoluteFill>
    <Img src={staticFile('welcome/backdrop.png')} style={{ width: '100%', height: '100%' }} />
  </AbsoluteFill>
);

export const Logo: React.FC<{ size?: number; style?: CSSProperties }> = ({ size = 52, style }) => (
  <div style={{ ...style, display: 'flex', alignItems: 'center', gap: size * 0.3 }}>
    <Img src={staticFile('lumora-logo.svg')} style={{ width: size, height: size }} />
    <span
      style={{
        fontFamily: HEADLINE_FONT,
        fontWeight: 800,
        fontSize: size * 0.62,
        color: COLORS.text,
        letterSpacing: '0.02em',
      }}
    >
      lumora
    </span>
  </div>
);

/** Where the logo stands in every scene: the one thing a hard cut never moves, which ties the scenes together. */
export const LOGO_SPOT = { left: 120, top: 52, size: 40 } as const;

/** The logo at its spot; the video's first scene fades it in. */
export const AnchorLogo: React.FC<{ fadeIn?: boolean }> = ({ fadeIn = false }) => {
  const frame = useCurrentFrame();
  const opacity = fadeIn ? interpolate(frame, [0, 12], [0, 1], { extrapolateRight: 'clamp' }) : 1;
  return (
    <Logo size={LOGO_SPOT.size} style={{ position: 'absolute', left: LOGO_SPOT.left, top: LOGO_SPOT.top, opacity }} />
  );
};

/** A small uppercase line above a headline. */
export const Eyebrow: React.FC<{ text: string; style?: CSSProperties }> = ({ text, style }) => (
  <div
    style={{
      ...style,
      fontFamily: BODY_FONT,
      fontWeight: 600,
      fontSize: 24,
      letterSpacing: '0.14em',
      textTransform: 'uppercase',
      color: COLORS.teal,
    }}
  >
    {text}
  </div>
);

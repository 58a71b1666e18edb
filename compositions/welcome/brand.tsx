import { AbsoluteFill, Img, interpolate, staticFile, useCurrentFrame } from 'remotion';
import { HEADLINE_FONT } from '../shared/theme';

export const COLORS = {
  night: '#0B1533',
  deep: '#131F4A',
  violet: '#7C6CF2',
  teal: '#00C2A8',
  coral: '#FF7A59',
  text: '#F5F7FF',
  muted: '#AEB7D9',
} as const;

/** Slowly drifting light behind every scene; it depends on the frame only, so shared scenes stay identical. */
export const Backdrop: React.FC = () => {
  const frame = useCurrentFrame();
  const drift = Math.sin(frame / 45) * 60;
  return (
    <AbsoluteFill
      style={{
        background: [
          `radial-gradient(circle at ${78 + drift / 20}% ${18 + drift / 30}%, rgba(124,108,242,0.45), transparent 42%)`,
          `radial-gradient(circle at ${12 - drift / 25}% ${88 - drift / 40}%, rgba(0,194,168,0.30), transparent 40%)`,
          `linear-gradient(135deg, ${COLORS.night}, ${COLORS.deep})`,
        ].join(','),
      }}
    />
  );
};

export const Logo: React.FC<{ size?: number; appearAt?: number }> = ({ size = 52, appearAt = 0 }) => {
  const frame = useCurrentFrame();
  const opacity = interpolate(frame, [appearAt, appearAt + 15], [0, 1], {
    extrapolateLeft: 'clamp',
    extrapolateRight: 'clamp',
  });
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: size * 0.3, opacity }}>
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
};

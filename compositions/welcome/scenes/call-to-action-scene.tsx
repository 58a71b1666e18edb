import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { Backdrop, COLORS, Logo } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const CallToActionScene: React.FC<{ props: WelcomeProps }> = ({ props }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[props.locale];
  const title = spring({ frame: frame - 6, fps, config: { damping: 14 } });
  const button = spring({ frame: frame - 26, fps, config: { damping: 9, mass: 0.6 } });
  const pulse = 1 + Math.max(0, Math.sin((frame - 50) / 7)) * 0.035 * (frame > 50 ? 1 : 0);
  return (
    <AbsoluteFill>
      <Backdrop />
      <AbsoluteFill style={{ alignItems: 'center', justifyContent: 'center', flexDirection: 'column' }}>
        <div style={{ opacity: title, transform: `scale(${interpolate(title, [0, 1], [0.9, 1])})` }}>
          <FitText
            text={copy.callToAction(props.firstName)}
            width={1040}
            maxFontSize={84}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ color: COLORS.text, textAlign: 'center' }}
          />
        </div>
        <div
          style={{
            marginTop: 56,
            padding: '26px 60px',
            borderRadius: 999,
            background: `linear-gradient(90deg, ${COLORS.coral}, #FFB347)`,
            boxShadow: '0 18px 50px rgba(255,122,89,0.35)',
            fontFamily: BODY_FONT,
            fontWeight: 600,
            fontSize: 34,
            color: '#1A1033',
            opacity: button,
            transform: `scale(${button * pulse})`,
          }}
        >
          {copy.button} →
        </div>
        <div style={{ marginTop: 30, fontFamily: BODY_FONT, fontSize: 24, color: COLORS.muted, opacity: button }}>
          lumora.example/start
        </div>
      </AbsoluteFill>
      <div style={{ position: 'absolute', bottom: 56, width: '100%', display: 'flex', justifyContent: 'center' }}>
        <Logo size={44} appearAt={40} />
      </div>
    </AbsoluteFill>
  );
};

import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { WordReveal } from '../../shared/word-reveal';
import { Backdrop, COLORS, Logo } from '../brand';
import { WELCOME_COPY } from '../copy';
import { COMPANY_ICON } from '../products';
import type { WelcomeProps } from '../schema';

export const IntroScene: React.FC<{ props: WelcomeProps }> = ({ props }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[props.locale];
  const enter = spring({ frame: frame - 8, fps, config: { damping: 14, mass: 0.8 } });
  const underline = interpolate(frame, [20, 50], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
  const chip = spring({ frame: frame - 48, fps, config: { damping: 12 } });
  return (
    <AbsoluteFill>
      <Backdrop />
      <div style={{ position: 'absolute', left: 120, top: 72 }}>
        <Logo appearAt={0} />
      </div>
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 200,
          opacity: enter,
          transform: `translateY(${interpolate(enter, [0, 1], [50, 0])}px)`,
        }}
      >
        <FitText
          text={copy.greeting(props.firstName)}
          width={1040}
          maxFontSize={112}
          fontFamily={HEADLINE_FONT}
          fontWeight={800}
          style={{ color: COLORS.text }}
        />
      </div>
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 350,
          height: 8,
          width: 260,
          borderRadius: 4,
          background: `linear-gradient(90deg, ${COLORS.violet}, ${COLORS.teal})`,
          transform: `scaleX(${underline})`,
          transformOrigin: 'left',
        }}
      />
      <WordReveal
        parts={[{ text: props.occasion === 'renewal' ? copy.renewal : copy.onboarding }]}
        delay={24}
        style={{
          position: 'absolute',
          left: 120,
          top: 392,
          width: 1040,
          fontFamily: HEADLINE_FONT,
          fontWeight: 700,
          fontSize: 50,
          color: COLORS.muted,
        }}
      />
      {props.company ? (
        <div
          style={{
            position: 'absolute',
            left: 120,
            top: 520,
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            padding: '14px 30px',
            borderRadius: 999,
            background: 'rgba(255,255,255,0.09)',
            border: '1.5px solid rgba(255,255,255,0.22)',
            opacity: chip,
            transform: `scale(${interpolate(chip, [0, 1], [0.8, 1])})`,
            transformOrigin: 'left center',
          }}
        >
          <span style={{ fontFamily: BODY_FONT, fontSize: 34 }}>{COMPANY_ICON}</span>
          <FitText
            text={props.company}
            width={940}
            maxFontSize={34}
            fontFamily={BODY_FONT}
            fontWeight={600}
            style={{ color: COLORS.text }}
          />
        </div>
      ) : null}
    </AbsoluteFill>
  );
};

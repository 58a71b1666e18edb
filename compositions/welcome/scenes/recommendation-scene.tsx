import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import { PRODUCTS } from '../products';
import type { WelcomeProps } from '../schema';

const PLAN_NAMES = { starter: 'Starter', growth: 'Growth', enterprise: 'Enterprise' } as const;
const RING = 2 * Math.PI * 96;

export const RecommendationScene: React.FC<{ props: WelcomeProps }> = ({ props }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = WELCOME_COPY[props.locale];
  const product = PRODUCTS[props.industry];
  const card = spring({ frame: frame - 10, fps, config: { damping: 16 } });
  const ring = interpolate(frame, [25, 75], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
  const manager = spring({ frame: frame - 50, fps, config: { damping: 200 } });
  return (
    <AbsoluteFill>
      <Backdrop />
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 92,
          fontFamily: BODY_FONT,
          fontWeight: 600,
          fontSize: 24,
          letterSpacing: '0.14em',
          textTransform: 'uppercase',
          color: COLORS.teal,
        }}
      >
        {copy.recommended}
      </div>
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 150,
          width: 700,
          height: 320,
          padding: 44,
          boxSizing: 'border-box',
          borderRadius: 32,
          background: 'rgba(255,255,255,0.08)',
          border: '1.5px solid rgba(255,255,255,0.16)',
          opacity: card,
          transform: `translateX(${interpolate(card, [0, 1], [-60, 0])}px)`,
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 22 }}>
          <span style={{ fontFamily: BODY_FONT, fontSize: 64 }}>{product.icon}</span>
          <span
            style={{
              padding: '8px 18px',
              borderRadius: 999,
              background: 'rgba(0,194,168,0.18)',
              fontFamily: BODY_FONT,
              fontWeight: 600,
              fontSize: 22,
              color: COLORS.teal,
            }}
          >
            {copy.industries[props.industry]}
          </span>
        </div>
        <FitText
          text={`Lumora ${product.name}`}
          width={612}
          maxFontSize={54}
          fontFamily={HEADLINE_FONT}
          fontWeight={800}
          style={{ marginTop: 26, color: COLORS.text }}
        />
        <div style={{ marginTop: 14, fontFamily: BODY_FONT, fontSize: 24, lineHeight: 1.4, color: COLORS.muted }}>
          {copy.productLine}
        </div>
      </div>
      <div
        style={{
          position: 'absolute',
          left: 880,
          top: 150,
          width: 280,
          height: 320,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
        }}
      >
        <svg width={230} height={230} viewBox="0 0 230 230" style={{ position: 'absolute' }}>
          <circle cx={115} cy={115} r={96} stroke="rgba(255,255,255,0.12)" strokeWidth={16} fill="none" />
          <circle
            cx={115}
            cy={115}
            r={96}
            stroke={COLORS.coral}
            strokeWidth={16}
            fill="none"
            strokeLinecap="round"
            strokeDasharray={RING}
            strokeDashoffset={RING * (1 - ring)}
            transform="rotate(-90 115 115)"
          />
        </svg>
        <div style={{ textAlign: 'center', opacity: ring }}>
          <div style={{ fontFamily: BODY_FONT, fontSize: 18, color: COLORS.muted, maxWidth: 150 }}>{copy.yourPlan}</div>
          <div style={{ fontFamily: HEADLINE_FONT, fontWeight: 800, fontSize: 34, color: COLORS.text }}>
            {PLAN_NAMES[props.plan]}
          </div>
        </div>
      </div>
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 530,
          width: 1040,
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          opacity: manager,
          transform: `translateY(${interpolate(manager, [0, 1], [24, 0])}px)`,
        }}
      >
        <div
          style={{
            width: 72,
            height: 72,
            flexShrink: 0,
            borderRadius: 36,
            background: `linear-gradient(135deg, ${COLORS.violet}, ${COLORS.teal})`,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontFamily: HEADLINE_FONT,
            fontWeight: 800,
            fontSize: 30,
            color: '#fff',
          }}
        >
          {props.accountManager ? Array.from(props.accountManager)[0]!.toUpperCase() : '★'}
        </div>
        <div style={{ fontFamily: BODY_FONT, fontWeight: 600, fontSize: 28, lineHeight: 1.35, color: COLORS.text }}>
          {copy.manager(props.accountManager)}
        </div>
      </div>
    </AbsoluteFill>
  );
};

import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { easeIn, push } from '../../shared/cut-motion';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { AnchorLogo, Backdrop, COLORS, Eyebrow } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { Plan, WelcomeProps } from '../schema';

export const PLAN_FRAMES = 57;

/** Plan names are brand names, so not translated; each plan has its colour and its emblem. */
export const PLAN_STYLE: Record<Plan, { name: string; icon: string; color: string }> = {
  starter: { name: 'Starter', icon: '🌱', color: COLORS.teal },
  growth: { name: 'Growth', icon: '🚀', color: COLORS.violet },
  enterprise: { name: 'Enterprise', icon: '🏆', color: COLORS.coral },
};
const RADIUS = 110;
const RING = 2 * Math.PI * RADIUS;

/** The contact's plan: the same for every contact on that plan in a language. */
export const PlanScene: React.FC<Pick<WelcomeProps, 'plan' | 'locale'>> = ({ plan, locale }) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[locale];
  const style = PLAN_STYLE[plan];
  const ring = easeIn(frame, 6, 26);
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      <div style={{ position: 'absolute', left: 120, top: 262, ...push(frame, PLAN_FRAMES, { lead: 2 }) }}>
        <Eyebrow text={copy.yourPlan} />
        <div
          style={{
            marginTop: 10,
            fontFamily: HEADLINE_FONT,
            fontWeight: 800,
            fontSize: 112,
            lineHeight: 1.1,
            color: COLORS.text,
          }}
        >
          {style.name}
        </div>
      </div>
      <div
        style={{
          position: 'absolute',
          left: 860,
          top: 200,
          width: 280,
          height: 280,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          ...push(frame, PLAN_FRAMES, { delay: 4, distance: 200 }),
        }}
      >
        <svg width={280} height={280} viewBox="0 0 280 280" style={{ position: 'absolute' }}>
          <circle cx={140} cy={140} r={RADIUS} stroke="rgba(255,255,255,0.12)" strokeWidth={18} fill="none" />
          <circle
            cx={140}
            cy={140}
            r={RADIUS}
            stroke={style.color}
            strokeWidth={18}
            fill="none"
            strokeLinecap="round"
            strokeDasharray={RING}
            strokeDashoffset={RING * (1 - ring)}
            transform="rotate(-90 140 140)"
          />
        </svg>
        <span style={{ fontFamily: BODY_FONT, fontSize: 104, transform: `scale(${0.6 + 0.4 * ring})` }}>
          {style.icon}
        </span>
      </div>
    </AbsoluteFill>
  );
};

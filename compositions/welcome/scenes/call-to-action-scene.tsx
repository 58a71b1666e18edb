import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { push } from '../../shared/cut-motion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { AnchorLogo, Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import type { WelcomeProps } from '../schema';

export const CALL_TO_ACTION_FRAMES = 72;

/** The contact's name once more and who will call them: short, because every frame is rendered per contact. */
export const CallToActionScene: React.FC<Pick<WelcomeProps, 'firstName' | 'accountManager' | 'locale'>> = (props) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[props.locale];
  const initial = props.accountManager ? Array.from(props.accountManager)[0]!.toUpperCase() : '★';
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      {/* One centred column: a long name shrinks the title, and the card follows it. */}
      <AbsoluteFill style={{ justifyContent: 'center', paddingLeft: 120, paddingTop: 40 }}>
        <div style={push(frame, CALL_TO_ACTION_FRAMES, { lead: 3 })}>
          <FitText
            text={copy.callToAction(props.firstName)}
            width={1040}
            maxFontSize={84}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ color: COLORS.text }}
          />
        </div>
        <div
          style={{
            marginTop: 40,
            width: 1040,
            boxSizing: 'border-box',
            padding: '26px 32px',
            borderRadius: 28,
            background: 'rgba(255,255,255,0.08)',
            border: '1.5px solid rgba(255,255,255,0.16)',
            display: 'flex',
            alignItems: 'center',
            gap: 28,
            ...push(frame, CALL_TO_ACTION_FRAMES, { delay: 6, distance: 200 }),
          }}
        >
          <div
            style={{
              width: 88,
              height: 88,
              flexShrink: 0,
              borderRadius: 44,
              background: `linear-gradient(135deg, ${COLORS.violet}, ${COLORS.teal})`,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontFamily: HEADLINE_FONT,
              fontWeight: 800,
              fontSize: 38,
              color: '#fff',
            }}
          >
            {initial}
          </div>
          <div style={{ fontFamily: BODY_FONT, fontWeight: 600, fontSize: 30, lineHeight: 1.35, color: COLORS.text }}>
            {copy.manager(props.accountManager)}
          </div>
        </div>
      </AbsoluteFill>
    </AbsoluteFill>
  );
};

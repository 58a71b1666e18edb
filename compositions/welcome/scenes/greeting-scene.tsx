import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { easeIn, push } from '../../shared/cut-motion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { AnchorLogo, Backdrop, COLORS } from '../brand';
import { WELCOME_COPY } from '../copy';
import { COMPANY_ICON } from '../products';
import type { WelcomeProps } from '../schema';

export const GREETING_FRAMES = 66;

/** The video opens on the contact's name and company: short, because every frame of it is rendered per contact. */
export const GreetingScene: React.FC<Pick<WelcomeProps, 'firstName' | 'company' | 'locale'>> = (props) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[props.locale];
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo fadeIn />
      {/* One centred column: the underline and the company follow the greeting when a long name shrinks it. */}
      <AbsoluteFill style={{ justifyContent: 'center', alignItems: 'flex-start', paddingLeft: 120, paddingTop: 40 }}>
        <div style={push(frame, GREETING_FRAMES, { delay: 2 })}>
          <FitText
            text={copy.greeting(props.firstName)}
            width={1040}
            maxFontSize={112}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ color: COLORS.text }}
          />
        </div>
        <div style={{ marginTop: 22, ...push(frame, GREETING_FRAMES, { delay: 5, distance: 160 }) }}>
          <div
            style={{
              height: 8,
              width: 260,
              borderRadius: 4,
              background: `linear-gradient(90deg, ${COLORS.violet}, ${COLORS.teal})`,
              transform: `scaleX(${easeIn(frame, 8, 18)})`,
              transformOrigin: 'left',
            }}
          />
        </div>
        {props.company ? (
          <div
            style={{
              marginTop: 36,
              display: 'flex',
              alignItems: 'center',
              gap: 16,
              padding: '14px 30px',
              borderRadius: 999,
              background: 'rgba(255,255,255,0.09)',
              border: '1.5px solid rgba(255,255,255,0.22)',
              ...push(frame, GREETING_FRAMES, { delay: 9 }),
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
    </AbsoluteFill>
  );
};

import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { easeIn, push } from '../../shared/cut-motion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT, WIDTH } from '../../shared/theme';
import {
  CALENDAR_ICON,
  DestinationBackdrop,
  INK,
  INTEREST_STYLE,
  Logo,
  PEOPLE_ICON,
  Pill,
  SAND,
  tripDates,
} from '../brand';
import { TRIP_COPY } from '../copy';
import { DESTINATIONS, type TripProps } from '../schema';

export const TRIP_OUTRO_FRAMES = 105;

export type TripOutroProps = Pick<
  TripProps,
  'destination' | 'startDate' | 'endDate' | 'travellers' | 'interests' | 'locale'
>;

/**
 * The booking call to action, rendered per visitor. It opens on the sand the interest scenes end on and wipes the
 * destination's colours in from the right, continuing their leftward push.
 */
export const TripOutroScene: React.FC<TripOutroProps> = (props) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = TRIP_COPY[props.locale];
  const wipe = easeIn(frame, 0, 14);
  const title = spring({ frame: frame - 10, fps, config: { damping: 14 } });
  const button = spring({ frame: frame - 38, fps, config: { damping: 9, mass: 0.6 } });
  const settle = (delay: number) => push(frame, TRIP_OUTRO_FRAMES, { delay, leave: false });
  return (
    <AbsoluteFill style={{ background: SAND }}>
      {/* The colours wipe in over the sand, drawn rather than clipped and in whole pixels, like every edge in this
          template, so that the frames are the same in every render. */}
      <DestinationBackdrop destination={props.destination} left={Math.round((1 - wipe) * WIDTH)} />
      <AbsoluteFill style={{ alignItems: 'center' }}>
        <div style={{ marginTop: 110, opacity: title, transform: `scale(${interpolate(title, [0, 1], [0.85, 1])})` }}>
          <FitText
            text={DESTINATIONS[props.destination].name}
            width={1000}
            maxFontSize={120}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ color: '#fff', textAlign: 'center' }}
          />
        </div>
        <div
          style={{
            marginTop: 6,
            fontFamily: HEADLINE_FONT,
            fontWeight: 700,
            fontSize: 44,
            color: 'rgba(255,255,255,0.92)',
            ...settle(14),
          }}
        >
          {copy.waiting}
        </div>
        <div
          style={{
            marginTop: 40,
            display: 'flex',
            gap: 18,
            fontFamily: BODY_FONT,
            fontWeight: 600,
            fontSize: 26,
            ...settle(22),
          }}
        >
          <Pill icon={CALENDAR_ICON} text={tripDates(props)} />
          <Pill icon={PEOPLE_ICON} text={copy.travellers(props.travellers)} />
          <Pill icon={props.interests.map((interest) => INTEREST_STYLE[interest].icon).join(' ')} />
        </div>
        <div style={{ marginTop: 48, opacity: button, transform: `scale(${button})` }}>
          <div
            style={{
              padding: '24px 58px',
              borderRadius: 999,
              background: '#fff',
              color: INK,
              fontFamily: BODY_FONT,
              fontWeight: 600,
              fontSize: 34,
              whiteSpace: 'nowrap',
              boxShadow: '0 18px 40px rgba(0,0,0,0.25)',
            }}
          >
            {copy.button} →
          </div>
        </div>
        <Logo size={42} style={{ position: 'absolute', bottom: 48, ...settle(30) }} />
      </AbsoluteFill>
    </AbsoluteFill>
  );
};

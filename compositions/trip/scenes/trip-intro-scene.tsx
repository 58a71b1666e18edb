import { AbsoluteFill, interpolate, useCurrentFrame } from 'remotion';
import { easeIn, easeOut, push } from '../../shared/cut-motion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT, WIDTH } from '../../shared/theme';
import {
  CALENDAR_ICON,
  countryName,
  DestinationBackdrop,
  flagOf,
  Logo,
  PEOPLE_ICON,
  Pill,
  SAND,
  tripDates,
} from '../brand';
import { TRIP_COPY } from '../copy';
import { IRIS_RADIUS, Iris } from '../iris';
import { DESTINATIONS, type TripProps } from '../schema';

export const TRIP_INTRO_FRAMES = 96;
const WIPE_FRAMES = 12;

export type TripIntroProps = Pick<
  TripProps,
  'firstName' | 'destination' | 'startDate' | 'endDate' | 'travellers' | 'locale'
>;

/**
 * The visitor's trip: every frame is rendered per visitor. It opens from the opener's ink through an iris and ends
 * under sand wiping in from the right, the colour the interest scenes open on, so both cuts are unseen.
 */
export const TripIntroScene: React.FC<TripIntroProps> = (props) => {
  const frame = useCurrentFrame();
  const copy = TRIP_COPY[props.locale];
  const destination = DESTINATIONS[props.destination];
  const iris = easeIn(frame, 0, 16);
  const wipe = easeOut(frame, TRIP_INTRO_FRAMES, WIPE_FRAMES);
  const sun = interpolate(frame, [0, TRIP_INTRO_FRAMES], [110, 50]);
  const at = (delay: number, distance = 120) =>
    push(frame, TRIP_INTRO_FRAMES, { delay, distance, lead: 2, leave: true });
  return (
    <AbsoluteFill>
      <AbsoluteFill>
        <DestinationBackdrop destination={props.destination} />
        <div
          style={{
            position: 'absolute',
            right: 90,
            top: sun,
            width: 360,
            height: 360,
            borderRadius: 180,
            background: 'rgba(255,244,230,0.22)',
            ...at(4, 60),
          }}
        />
        <div
          style={{
            position: 'absolute',
            right: 190,
            top: sun + 100,
            fontSize: 150,
            fontFamily: BODY_FONT,
            ...at(10, 200),
          }}
        >
          {destination.icon}
        </div>
        <Logo style={{ position: 'absolute', left: 110, top: 64, ...at(2) }} />
        <div style={{ position: 'absolute', left: 110, top: 184, ...at(6) }}>
          <FitText
            text={copy.yourTrip(props.firstName)}
            width={690}
            maxFontSize={36}
            fontFamily={BODY_FONT}
            fontWeight={600}
            style={{ color: 'rgba(255,255,255,0.88)' }}
          />
        </div>
        <div style={{ position: 'absolute', left: 104, top: 234, ...at(9, 180) }}>
          <FitText
            text={destination.name}
            width={760}
            maxFontSize={132}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ color: '#fff' }}
          />
        </div>
        <div
          style={{
            position: 'absolute',
            left: 110,
            top: 404,
            fontFamily: BODY_FONT,
            fontWeight: 600,
            fontSize: 34,
            color: '#fff',
            ...at(13),
          }}
        >
          {flagOf(destination.region)} {countryName(destination.region, props.locale)}
        </div>
        <div
          style={{
            position: 'absolute',
            left: 110,
            top: 494,
            display: 'flex',
            gap: 20,
            fontFamily: BODY_FONT,
            fontWeight: 600,
            fontSize: 28,
            ...at(18),
          }}
        >
          <Pill icon={CALENDAR_ICON} text={tripDates(props)} />
          <Pill icon={PEOPLE_ICON} text={copy.travellers(props.travellers)} />
        </div>
      </AbsoluteFill>
      <Iris radius={IRIS_RADIUS * iris} hole />
      {/* Whole pixels: the panel's edge is drawn crisp, the same in every render. */}
      <div
        style={{
          position: 'absolute',
          top: 0,
          bottom: 0,
          right: 0,
          left: Math.round((1 - wipe) * WIDTH),
          background: SAND,
        }}
      />
    </AbsoluteFill>
  );
};

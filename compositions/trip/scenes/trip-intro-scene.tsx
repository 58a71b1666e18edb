import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { CALENDAR_ICON, countryName, destinationGradient, flagOf, Logo, PEOPLE_ICON, Pill, tripDates } from '../brand';
import { TRIP_COPY } from '../copy';
import { DESTINATIONS, type TripProps } from '../schema';

export const TripIntroScene: React.FC<{ props: TripProps }> = ({ props }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = TRIP_COPY[props.locale];
  const destination = DESTINATIONS[props.destination];
  const sun = interpolate(frame, [0, 120], [120, 40]);
  const title = spring({ frame: frame - 14, fps, config: { damping: 13 } });
  const pills = spring({ frame: frame - 44, fps, config: { damping: 15 } });
  return (
    <AbsoluteFill style={{ background: destinationGradient(props) }}>
      <div
        style={{
          position: 'absolute',
          right: 90,
          top: sun,
          width: 360,
          height: 360,
          borderRadius: 180,
          background: 'rgba(255,244,230,0.22)',
        }}
      />
      <div
        style={{
          position: 'absolute',
          right: 190,
          top: sun + 100,
          fontSize: 150,
          fontFamily: BODY_FONT,
          transform: `scale(${title})`,
        }}
      >
        {destination.icon}
      </div>
      <div style={{ position: 'absolute', left: 110, top: 70 }}>
        <Logo />
      </div>
      <div style={{ position: 'absolute', left: 110, top: 190, opacity: title }}>
        <FitText
          text={copy.yourTrip(props.firstName)}
          width={690}
          maxFontSize={36}
          fontFamily={BODY_FONT}
          fontWeight={600}
          style={{ color: 'rgba(255,255,255,0.88)' }}
        />
      </div>
      <div
        style={{
          position: 'absolute',
          left: 104,
          top: 240,
          opacity: title,
          transform: `translateX(${interpolate(title, [0, 1], [-70, 0])}px)`,
        }}
      >
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
          top: 410,
          fontFamily: BODY_FONT,
          fontWeight: 600,
          fontSize: 34,
          color: '#fff',
          opacity: title,
        }}
      >
        {flagOf(destination.region)} {countryName(destination.region, props.locale)}
      </div>
      <div
        style={{
          position: 'absolute',
          left: 110,
          top: 500,
          display: 'flex',
          gap: 20,
          fontFamily: BODY_FONT,
          fontWeight: 600,
          fontSize: 28,
          opacity: pills,
          transform: `translateY(${interpolate(pills, [0, 1], [30, 0])}px)`,
        }}
      >
        <Pill icon={CALENDAR_ICON} text={tripDates(props)} />
        <Pill icon={PEOPLE_ICON} text={copy.travellers(props.travellers)} />
      </div>
    </AbsoluteFill>
  );
};

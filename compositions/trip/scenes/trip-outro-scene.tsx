import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { CALENDAR_ICON, destinationGradient, INK, INTEREST_STYLE, Logo, PEOPLE_ICON, Pill, tripDates } from '../brand';
import { TRIP_COPY } from '../copy';
import { DESTINATIONS, type TripProps } from '../schema';

export const TripOutroScene: React.FC<{ props: TripProps }> = ({ props }) => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const copy = TRIP_COPY[props.locale];
  const title = spring({ frame: frame - 6, fps, config: { damping: 14 } });
  const details = spring({ frame: frame - 24, fps, config: { damping: 200 } });
  const button = spring({ frame: frame - 40, fps, config: { damping: 9, mass: 0.6 } });
  return (
    <AbsoluteFill style={{ background: destinationGradient(props), alignItems: 'center' }}>
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
          opacity: title,
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
          opacity: details,
        }}
      >
        <Pill icon={CALENDAR_ICON} text={tripDates(props)} />
        <Pill icon={PEOPLE_ICON} text={copy.travellers(props.travellers)} />
        <Pill icon={props.interests.map((interest) => INTEREST_STYLE[interest].icon).join(' ')} />
      </div>
      <div
        style={{
          marginTop: 48,
          padding: '24px 58px',
          borderRadius: 999,
          background: '#fff',
          color: INK,
          fontFamily: BODY_FONT,
          fontWeight: 600,
          fontSize: 34,
          boxShadow: '0 18px 40px rgba(0,0,0,0.25)',
          opacity: button,
          transform: `scale(${button})`,
        }}
      >
        {copy.button} →
      </div>
      <div style={{ position: 'absolute', bottom: 48 }}>
        <Logo size={42} />
      </div>
    </AbsoluteFill>
  );
};

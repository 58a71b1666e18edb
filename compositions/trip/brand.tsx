import type { CSSProperties } from 'react';
import { Img, staticFile } from 'remotion';
import { intlTag, type Locale } from '../shared/locale';
import { HEADLINE_FONT, HEIGHT, WIDTH } from '../shared/theme';
import { INTEREST_COLORS } from './colors';
import { TRIP_COPY } from './copy';
import { DESTINATIONS, type Destination, type Interest, nightsBetween, parseIsoDate, type TripProps } from './schema';

export { INK, SAND } from './colors';

export const INTEREST_STYLE: Record<Interest, { icon: string; color: string }> = {
  food: { icon: '🍽️', color: INTEREST_COLORS.food },
  culture: { icon: '🏛️', color: INTEREST_COLORS.culture },
  nature: { icon: '🌿', color: INTEREST_COLORS.nature },
  beaches: { icon: '🏖️', color: INTEREST_COLORS.beaches },
  nightlife: { icon: '🌙', color: INTEREST_COLORS.nightlife },
  adventure: { icon: '🧗', color: INTEREST_COLORS.adventure },
  wellness: { icon: '🧘', color: INTEREST_COLORS.wellness },
};

export const CALENDAR_ICON = '📅';
export const PEOPLE_ICON = '👥';

/** A region code as its flag emoji (regional indicator letters). */
export const flagOf = (region: string): string =>
  String.fromCodePoint(...Array.from(region).map((letter) => 0x1f1a5 + letter.charCodeAt(0)));

export const countryName = (region: string, locale: Locale): string =>
  new Intl.DisplayNames([intlTag(locale)], { type: 'region' }).of(region) ?? region;

/** "12 – 19 May 2027 · 7 nights", formatted for the locale; UTC so the machine's time zone cannot shift a day. */
export const tripDates = (props: Pick<TripProps, 'locale' | 'startDate' | 'endDate'>): string => {
  const range = new Intl.DateTimeFormat(intlTag(props.locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(parseIsoDate(props.startDate), parseIsoDate(props.endDate));
  return `${range} · ${TRIP_COPY[props.locale].nights(nightsBetween(props.startDate, props.endDate))}`;
};

/**
 * The destination's two colours at 150°. Left as CSS: a two-stop linear gradient measured no slower than the same
 * picture as a pre-made image (unlike the radial lights and blurred shadows, which are images now).
 */
export const DestinationBackdrop: React.FC<{ destination: Destination; left?: number }> = ({
  destination,
  left = 0,
}) => {
  const [from, to] = DESTINATIONS[destination].colors;
  // Uncovered from `left` on, the gradient still laid out over the whole frame, so it does not move as it is revealed.
  return (
    <div
      style={{
        position: 'absolute',
        inset: 0,
        left,
        background: `linear-gradient(150deg, ${from}, ${to})`,
        backgroundSize: `${WIDTH}px ${HEIGHT}px`,
        backgroundPosition: `${-left}px 0`,
      }}
    />
  );
};

export const Logo: React.FC<{ color?: string; size?: number; style?: CSSProperties }> = ({
  color = '#fff',
  size = 48,
  style,
}) => (
  <div style={{ ...style, display: 'flex', alignItems: 'center', gap: size * 0.28 }}>
    <Img src={staticFile('wanderly-logo.svg')} style={{ width: size, height: size }} />
    <span style={{ fontFamily: HEADLINE_FONT, fontWeight: 800, fontSize: size * 0.6, color }}>wanderly</span>
  </div>
);

export const Pill: React.FC<{ icon: string; text?: string }> = ({ icon, text }) => (
  <div
    style={{
      display: 'flex',
      alignItems: 'center',
      gap: 12,
      padding: '12px 26px',
      borderRadius: 999,
      background: 'rgba(255,255,255,0.18)',
      border: '1.5px solid rgba(255,255,255,0.35)',
      color: '#fff',
    }}
  >
    <span>{icon}</span>
    {text ? <span>{text}</span> : null}
  </div>
);

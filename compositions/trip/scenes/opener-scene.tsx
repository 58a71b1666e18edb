import { measureText } from '@remotion/layout-utils';
import { AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig } from 'remotion';
import { easeIn, easeOut } from '../../shared/cut-motion';
import { HEADLINE_FONT, HEIGHT, WIDTH } from '../../shared/theme';
import { INK, Logo, SAND } from '../brand';
import { Iris } from '../iris';

export const OPENER_FRAMES = 45;
const LOGO_SIZE = 96;

// A flight path over the logo, from the lower left out of the frame on the right, as a quadratic curve.
const FROM = { x: 40, y: 620 };
const VIA = { x: 640, y: 20 };
const TO = { x: 1360, y: 360 };
// The dotted trail the plane leaves: points along the curve, drawn once the plane has passed them.
const TRAIL = Array.from({ length: 70 }, (_, index) => index / 70);
const pointAt = (t: number) => ({
  x: (1 - t) ** 2 * FROM.x + 2 * (1 - t) * t * VIA.x + t ** 2 * TO.x,
  y: (1 - t) ** 2 * FROM.y + 2 * (1 - t) * t * VIA.y + t ** 2 * TO.y,
  angle:
    (Math.atan2(
      2 * (1 - t) * (VIA.y - FROM.y) + 2 * t * (TO.y - VIA.y),
      2 * (1 - t) * (VIA.x - FROM.x) + 2 * t * (TO.x - VIA.x),
    ) *
      180) /
    Math.PI,
});

/**
 * The brand sting every trip video opens with: it reads no props, so it is rendered once for all visitors. It ends
 * with ink covering the frame; the intro opens from the same ink, so the hard cut between them is unseen.
 */
export const OpenerScene: React.FC = () => {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const flight = easeIn(frame, 0, 26);
  const plane = pointAt(flight);
  const logo = spring({ frame: frame - 8, fps, config: { damping: 12, mass: 0.7 } });
  // The ink swells out of the logo's sun until it covers the frame: the intro opens from the same ink.
  const word = measureText({ text: 'wanderly', fontFamily: HEADLINE_FONT, fontWeight: 800, fontSize: LOGO_SIZE * 0.6 });
  const sun = { x: WIDTH / 2 - (LOGO_SIZE * 1.28 + word.width) / 2 + LOGO_SIZE / 2, y: HEIGHT / 2 };
  const cover = Math.ceil(Math.hypot(Math.max(sun.x, WIDTH - sun.x), HEIGHT / 2)) + 2;
  const iris = easeOut(frame, OPENER_FRAMES, 14) * cover;
  return (
    <AbsoluteFill style={{ background: SAND }}>
      <svg width={WIDTH} height={HEIGHT} style={{ position: 'absolute' }}>
        {TRAIL.filter((t) => t < flight - 0.03).map((t) => {
          const dot = pointAt(t);
          return <circle key={t} cx={dot.x} cy={dot.y} r={3} fill={INK} fillOpacity={0.3} />;
        })}
        <g transform={`translate(${plane.x} ${plane.y}) rotate(${plane.angle}) scale(1.8)`}>
          <path d="M14 0L-10 -9L-6 0L-10 9Z" fill={INK} />
        </g>
      </svg>
      <AbsoluteFill
        style={{
          alignItems: 'center',
          justifyContent: 'center',
          opacity: logo,
          transform: `scale(${interpolate(logo, [0, 1], [0.7, 1])})`,
        }}
      >
        <Logo color={INK} size={LOGO_SIZE} />
      </AbsoluteFill>
      <Iris radius={iris} x={sun.x} />
    </AbsoluteFill>
  );
};

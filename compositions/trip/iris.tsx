import { HEIGHT, WIDTH } from '../shared/theme';
import { INK } from './colors';

/** The radius that covers the whole frame from its centre, where the intro's iris opens. */
export const IRIS_RADIUS = Math.ceil(Math.hypot(WIDTH / 2, HEIGHT / 2)) + 2;

/**
 * An ink disc of `radius` at (x, middle), or with `hole`, ink everywhere but that disc. Its edge is drawn without
 * anti-aliasing: Chromium anti-aliased these large, fast-changing circles differently from one render to the next
 * (by a few levels, along the bottom of the frame), and a scene's frames must be the same in every render to be
 * reused. At this speed the hard edge does not show.
 */
export const Iris: React.FC<{ radius: number; x?: number; hole?: boolean }> = ({ radius, x = WIDTH / 2, hole }) => {
  const r = radius.toFixed(2);
  // Two half-circle arcs, from the circle's leftmost point round to it again.
  const arcs = `a${r} ${r} 0 1 0 ${2 * radius} 0a${r} ${r} 0 1 0 ${-2 * radius} 0Z`;
  const circle = `M${(x - radius).toFixed(2)} ${HEIGHT / 2}${arcs}`;
  return (
    <svg width={WIDTH} height={HEIGHT} style={{ position: 'absolute', inset: 0 }}>
      <path
        d={hole ? `M0 0H${WIDTH}V${HEIGHT}H0Z${circle}` : circle}
        fill={INK}
        fillRule="evenodd"
        shapeRendering="crispEdges"
      />
    </svg>
  );
};

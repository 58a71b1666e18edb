/** RGBA pixels, row by row, as pngjs decodes them. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

// The geometry the poster's play button always had (a 168-px SVG centred on the frame): a dimmed frame, a white
// circle of radius 80 with `drop-shadow(0 10px 30px rgba(0,0,0,0.35))` and the path M68 52 L118 84 L68 116 Z.
const DIM = 0.18;
const RADIUS = 80;
const CIRCLE_ALPHA = 0.94;
// drop-shadow()'s blur length is the Gaussian's standard deviation (unlike box-shadow's blur radius).
const SHADOW = { offsetY: 10, sigma: 30, alpha: 0.35 };
// The triangle's corners relative to the circle's centre (the SVG's 84, 84).
const TRIANGLE: ReadonlyArray<readonly [number, number]> = [
  [-16, -32],
  [34, 0],
  [-16, 32],
];
const TRIANGLE_RGB = [0x11, 0x18, 0x27] as const;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

// Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, far below one 8-bit step.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

/**
 * The blurred shadow's strength at distance `d` from its centre, as a share of the unblurred disc's: the disc's
 * chords integrated along the Gaussian, once per quarter pixel of distance (the disc is too small next to σ for an
 * edge-only approximation).
 */
const shadowProfile = (() => {
  const table = new Float64Array(4 * (RADIUS + 4 * SHADOW.sigma));
  const sigma = SHADOW.sigma;
  for (let index = 0; index < table.length; index++) {
    const d = index / 4;
    let sum = 0;
    for (let u = -RADIUS + 0.5; u < RADIUS; u++) {
      const chord = Math.sqrt(RADIUS * RADIUS - u * u);
      sum += Math.exp(-((d - u) ** 2) / (2 * sigma * sigma)) * erf(chord / (sigma * Math.SQRT2));
    }
    table[index] = sum / (sigma * Math.sqrt(2 * Math.PI));
  }
  return (d: number) => table[Math.round(d * 4)] ?? 0;
})();

/** Share of the pixel whose centre is at (x, y) covered by the triangle: its signed distance to the nearest edge. */
function triangleCover(x: number, y: number, corners: ReadonlyArray<readonly [number, number]>): number {
  let inside = Infinity;
  for (let i = 0; i < corners.length; i++) {
    const [ax, ay] = corners[i]!;
    const [bx, by] = corners[(i + 1) % corners.length]!;
    // Clockwise corners on screen (y down): the interior is where this cross product is positive.
    inside = Math.min(inside, ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / Math.hypot(bx - ax, by - ay));
  }
  return clamp01(inside + 0.5);
}

/** The play button for one frame size: the box it covers, and per pixel of the box its shadow, circle and triangle. */
export interface PlayButtonLayer {
  width: number;
  height: number;
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Three coverages (shadow, circle, triangle) per pixel of the box, row by row. */
  cover: Float64Array;
}

/**
 * The play button worked out once for a frame size, so a GIF's frames each get it for the price of a blend. `scale`
 * sizes it for a frame smaller than the video's (the email GIF): the same button, relative to the picture, as on the
 * poster.
 */
export function playButtonLayer(width: number, height: number, scale = 1): PlayButtonLayer {
  const cx = width / 2;
  const cy = height / 2;
  const radius = RADIUS * scale;
  const offsetY = SHADOW.offsetY * scale;
  const corners = TRIANGLE.map(([x, y]) => [x * scale, y * scale] as const);
  // Beyond 3σ the shadow is below half an 8-bit step.
  const reach = radius + (3 * SHADOW.sigma + SHADOW.offsetY) * scale;
  const box = {
    x0: Math.max(0, Math.floor(cx - reach)),
    y0: Math.max(0, Math.floor(cy - reach)),
    x1: Math.min(width, Math.ceil(cx + reach)),
    y1: Math.min(height, Math.ceil(cy + reach)),
  };
  const cover = new Float64Array((box.x1 - box.x0) * (box.y1 - box.y0) * 3);
  let k = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const px = x + 0.5 - cx;
      const py = y + 0.5 - cy;
      // A blurred disc scaled with its blur is the same profile at the scaled distance.
      cover[k++] = SHADOW.alpha * CIRCLE_ALPHA * shadowProfile(Math.hypot(px, py - offsetY) / scale);
      cover[k++] = CIRCLE_ALPHA * clamp01(radius - Math.hypot(px, py) + 0.5);
      cover[k++] = triangleCover(px, py, corners);
    }
  }
  return { width, height, box, cover };
}

/**
 * Draws the play button over the centre of a frame, in place: the same look the poster composition had in Chromium,
 * painted onto the frame the video already has instead of rendering that frame again. Blending is done on sRGB values,
 * as browsers do.
 */
export function drawPlayButton(image: RgbaImage, layer = playButtonLayer(image.width, image.height)): void {
  const { width, data } = image;
  if (image.width !== layer.width || image.height !== layer.height)
    throw new Error('play button layer of another size');
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * (1 - DIM));
  }
  const { x0, y0, x1, y1 } = layer.box;
  let k = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const shadow = layer.cover[k++]!;
      const circle = layer.cover[k++]!;
      const triangle = layer.cover[k++]!;
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        let value = data[i + c]! * (1 - shadow);
        value = value * (1 - circle) + 255 * circle;
        data[i + c] = Math.round(value * (1 - triangle) + TRIANGLE_RGB[c]! * triangle);
      }
    }
  }
}

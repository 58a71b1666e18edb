// npx tsx tools/make-images.ts: writes the pre-made images under assets/: welcome's backdrop, trip's badge shadows.
// Chromium paints CSS gradients and blurred shadows again on every frame, in software here; the same pictures as PNGs
// are only copied. The maths follows CSS (gradient lines, farthest-corner circles, stops in sRGB, box-shadow blur as a
// Gaussian of half the blur radius), so each image looks like the CSS it replaces. Deterministic: the same script
// always writes the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { INTEREST_COLORS } from '../compositions/trip/colors';
import { COLORS } from '../compositions/welcome/colors';

type Rgba = readonly [number, number, number, number];
type Paint = (x: number, y: number) => Rgba;
const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url));

const hex = (value: string, alpha = 1): Rgba => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
};
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const mix = (a: Rgba, b: Rgba, t: number): Rgba => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
  a[3] + (b[3] - a[3]) * t,
];
/** `top` over `bottom`, straight (not premultiplied) alpha. */
const over = (top: Rgba, bottom: Rgba): Rgba => {
  const alpha = top[3] + bottom[3] * (1 - top[3]);
  if (alpha === 0) return [0, 0, 0, 0];
  const channel = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
  return [channel(0), channel(1), channel(2), alpha];
};

/** CSS `linear-gradient(<angle>deg, from, to)` over a width × height box. */
const linear = (angle: number, width: number, height: number, from: Rgba, to: Rgba): Paint => {
  const radians = (angle * Math.PI) / 180;
  const [dx, dy] = [Math.sin(radians), -Math.cos(radians)];
  const length = Math.abs(width * dx) + Math.abs(height * dy);
  return (x, y) => mix(from, to, clamp01(((x - width / 2) * dx + (y - height / 2) * dy) / length + 0.5));
};

/**
 * CSS `radial-gradient(circle at cx cy, color, transparent <stop>)`: a farthest-corner circle, and the colour keeps
 * its hue while it fades, as CSS interpolates premultiplied.
 */
const radial = (cx: number, cy: number, width: number, height: number, color: Rgba, stop: number): Paint => {
  const radius = Math.hypot(Math.max(cx, width - cx), Math.max(cy, height - cy)) * stop;
  return (x, y) => [color[0], color[1], color[2], color[3] * clamp01(1 - Math.hypot(x - cx, y - cy) / radius)];
};

function write(path: string, width: number, height: number, paint: Paint) {
  const png = new PNG({ width, height });
  let opaque = true;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const color = paint(x + 0.5, y + 0.5);
      const at = (y * width + x) * 4;
      for (let i = 0; i < 3; i++) png.data[at + i] = Math.round(Math.min(255, Math.max(0, color[i]!)));
      png.data[at + 3] = Math.round(clamp01(color[3]) * 255);
      opaque &&= png.data[at + 3] === 255;
    }
  }
  const file = `${ASSETS}${path}`;
  mkdirSync(dirname(file), { recursive: true });
  // Opaque images are stored without an alpha channel: a quarter smaller.
  const bytes = PNG.sync.write(png, { colorType: opaque ? 2 : 6, deflateLevel: 9 });
  writeFileSync(file, bytes);
  console.log(`${path}: ${width}×${height}, ${(bytes.length / 1024).toFixed(0)} KiB`);
}

/**
 * The shadow CSS draws for `box-shadow: 0 0 <blur> <color>` under a shape of `shapeWidth` × `shapeHeight` with
 * rounded ends (a stadium; a circle when both are equal), with room for the blur on every side. Returns the painter
 * and the image's size; the image stands centred under the shape.
 */
function shadow(shapeWidth: number, shapeHeight: number, blur: number, color: Rgba) {
  const sigma = blur / 2;
  const margin = Math.ceil(sigma * 3);
  const width = shapeWidth + 2 * margin;
  const height = shapeHeight + 2 * margin;
  const radius = shapeHeight / 2;
  // Coverage of the shape, anti-aliased by its signed distance, then a separable Gaussian blur.
  let cover = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = Math.min(Math.max(x + 0.5, margin + radius), margin + shapeWidth - radius);
      const distance = Math.hypot(x + 0.5 - px, y + 0.5 - (margin + radius)) - radius;
      cover[y * width + x] = clamp01(0.5 - distance);
    }
  }
  const kernel = Array.from({ length: 2 * margin + 1 }, (_, i) => Math.exp(-((i - margin) ** 2) / (2 * sigma ** 2)));
  const total = kernel.reduce((sum, value) => sum + value, 0);
  const pass = (source: Float64Array, horizontal: boolean) => {
    const target = new Float64Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = -margin; k <= margin; k++) {
          const [sx, sy] = horizontal ? [x + k, y] : [x, y + k];
          if (sx >= 0 && sx < width && sy >= 0 && sy < height) sum += source[sy * width + sx]! * kernel[k + margin]!;
        }
        target[y * width + x] = sum / total;
      }
    }
    return target;
  };
  cover = pass(pass(cover, true), false);
  const paint: Paint = (x, y) => [
    color[0],
    color[1],
    color[2],
    color[3] * cover[Math.floor(y) * width + Math.floor(x)]!,
  ];
  return { paint, width, height };
}

const WIDTH = 1280;
const HEIGHT = 720;

// welcome: two brand lights over the night gradient, where the old drifting CSS backdrop rested.
{
  const base = linear(135, WIDTH, HEIGHT, hex(COLORS.night), hex(COLORS.deep));
  const violet = radial(0.78 * WIDTH, 0.18 * HEIGHT, WIDTH, HEIGHT, hex(COLORS.violet, 0.45), 0.42);
  const teal = radial(0.12 * WIDTH, 0.88 * HEIGHT, WIDTH, HEIGHT, hex(COLORS.teal, 0.3), 0.4);
  write('welcome/backdrop.png', WIDTH, HEIGHT, (x, y) => over(violet(x, y), over(teal(x, y), base(x, y))));
}

// trip: the shadow under each interest's 300 px badge (box-shadow 60px in its colour at 33%).
for (const [interest, color] of Object.entries(INTEREST_COLORS)) {
  const badge = shadow(300, 300, 60, hex(color, 0x55 / 255));
  write(`trip/badge-shadow-${interest}.png`, badge.width, badge.height, badge.paint);
}

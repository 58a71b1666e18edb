import type { Interest } from './schema';

// The brand's colours: the scenes and tools/make-images.ts (which paints the shadows from them) share these.
export const INK = '#14213D';
export const SAND = '#FFF6EC';

export const INTEREST_COLORS: Record<Interest, string> = {
  food: '#F3722C',
  culture: '#577590',
  nature: '#43AA8B',
  beaches: '#00B4D8',
  nightlife: '#6A4C93',
  adventure: '#F94144',
  wellness: '#90BE6D',
};

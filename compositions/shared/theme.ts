// Font stacks end with the shipped emoji face so an emoji in a name renders in colour instead of as a box.
export const HEADLINE_FONT = 'Montserrat, Twemoji, sans-serif';
export const BODY_FONT = 'Inter, Twemoji, sans-serif';

/** Faces to load before the first frame: family, weight. Must match shared/fonts.ts. */
export const FONT_FACES: ReadonlyArray<readonly [string, number]> = [
  ['Montserrat', 700],
  ['Montserrat', 800],
  ['Inter', 400],
  ['Inter', 600],
];
export const EMOJI_FAMILY = 'Twemoji';

export const WIDTH = 1280;
export const HEIGHT = 720;
export const FPS = 30;

import { fitText } from '@remotion/layout-utils';
import type { CSSProperties } from 'react';

/** One line of text at `maxFontSize`, shrunk until it fits within `width` (long names must never overflow). */
export const FitText: React.FC<{
  text: string;
  width: number;
  maxFontSize: number;
  fontFamily: string;
  fontWeight: number;
  style?: CSSProperties;
}> = ({ text, width, maxFontSize, fontFamily, fontWeight, style }) => {
  const fontSize = Math.min(
    maxFontSize,
    Math.floor(fitText({ text, withinWidth: width, fontFamily, fontWeight }).fontSize),
  );
  return (
    <div
      style={{ ...style, maxWidth: width, fontFamily, fontWeight, fontSize, lineHeight: 1.15, whiteSpace: 'nowrap' }}
    >
      {text}
    </div>
  );
};

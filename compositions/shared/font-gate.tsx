import { type ReactNode, useEffect, useState } from 'react';
import { cancelRender, continueRender, delayRender } from 'remotion';
import { EMOJI_FAMILY, FONT_FACES } from './theme';

// One character from each script subset the templates promise (Latin, Latin Extended for Hungarian, Cyrillic),
// so those faces are loaded even before the text that needs them is on screen.
const SCRIPT_SAMPLE = 'AaÁáÇçÑñŐőŰűЖжЁё';

/**
 * Holds the frame until the shipped faces for `text` are loaded: Remotion does not wait for CSS fonts, and
 * text measured with a fallback font would be sized wrongly.
 */
export const FontGate: React.FC<{ text: string; children?: ReactNode }> = ({ text, children }) => {
  const [handle] = useState(() => delayRender('Loading shipped fonts'));
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const sample = SCRIPT_SAMPLE + text;
    const loads = FONT_FACES.map(([family, weight]) => document.fonts.load(`${weight} 40px "${family}"`, sample));
    loads.push(document.fonts.load(`40px "${EMOJI_FAMILY}"`, text));
    Promise.all(loads)
      .then(() => {
        setReady(true);
        continueRender(handle);
      })
      .catch((error: unknown) => cancelRender(error));
  }, [handle, text]);
  return ready ? children : null;
};

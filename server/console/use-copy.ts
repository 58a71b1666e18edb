import { createContext, useContext } from 'react';
import type { Translate } from './console-copy';

/** The console's words in the marketer's language, for every view. */
export const CopyContext = createContext<Translate>((key) => key);
export const useCopy = (): Translate => useContext(CopyContext);

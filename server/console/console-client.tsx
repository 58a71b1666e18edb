// Runs in the marketer's browser (bundled by server/browser-bundle.ts): the whole console, speaking to /v1 with the
// session cookie that signing in set.
import { createRoot } from 'react-dom/client';
import '../../compositions/shared/fonts';
import { ConsoleApp } from './console-app';

createRoot(document.getElementById('console')!).render(<ConsoleApp />);

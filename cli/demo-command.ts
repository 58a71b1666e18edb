import { fileURLToPath } from 'node:url';
import { runBatch } from './batch-command';

const CONTACTS = fileURLToPath(new URL('../examples/contacts.csv', import.meta.url));

/**
 * `npm run demo`: starts the API and a worker on embedded defaults, renders examples/contacts.csv (a CRM export in the
 * six locales) as a batch through the API with a progress bar, and writes the manifest with the permanent links.
 */
export async function demoCommand(): Promise<void> {
  await runBatch({ file: CONTACTS, template: 'welcome', out: 'out/contacts-manifest.csv' });
  console.error(
    'The links are permanent while a server with this data folder runs (`npx reelpipe serve` serves them again later).',
  );
}

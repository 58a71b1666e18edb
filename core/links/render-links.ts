import { mapOutputs, type PerOutput } from '../render/outputs';
import { landingLink, linkHandle, permanentLink } from './link-token';

/** What links are made with: the server's public address and the secret behind its tokens. */
export interface LinkSite {
  publicUrl: string;
  linkSecret: string;
}

/** Every public link of a render: its landing page and each of its files. */
export type RenderLinks = PerOutput<string> & { landing: string };

/** A render's links, by its short code once it has one (see linkHandle). */
export function renderLinks(site: LinkSite, render: { id: string; link?: string }): RenderLinks {
  const handle = linkHandle(site.linkSecret, render);
  return {
    landing: landingLink(site.publicUrl, handle),
    ...mapOutputs((kind) => permanentLink(site.publicUrl, handle, kind)),
  };
}

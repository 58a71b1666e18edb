import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Pages other sites may frame: the public forms and their watch pages (the embed script puts them in an iframe). */
const EMBEDDABLE = [/^\/forms\//, /^\/w\//];
/** Pages of libraries that bring their own inline scripts (the API docs, the queue admin): no CSP of ours there. */
const OWN_SCRIPTS = [/^\/docs(\/|$)/, /^\/admin\/queues(\/|$)/];
/** What other sites load: links to a render's files (in emails, on social sites) and the embed script. */
const CROSS_SITE = [/^\/v\//, /^\/embed\.js$/];

/**
 * Security headers on every answer (@fastify/helmet): nosniff, no referrer beyond the origin, HSTS, and a strict
 * Content-Security-Policy. Scripts come only from this origin or carry the request's nonce; images and video may also
 * come from the bucket (links redirect there); nothing may frame a page except the embeddable ones, which the sites
 * in FORM_ORIGINS may frame.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  { bucketOrigin, formOrigins }: { bucketOrigin: string; formOrigins: string[] },
): Promise<void> {
  const media = ["'self'", 'data:', 'blob:', bucketOrigin];
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    // The pages' own style blocks and attributes, and the video player's. Apart from style-src, where helmet adds a
    // nonce: next to a nonce, 'unsafe-inline' counts for nothing.
    styleSrc: ["'self'"],
    styleSrcElem: ["'self'", "'unsafe-inline'"],
    styleSrcAttr: ["'unsafe-inline'"],
    imgSrc: media,
    mediaSrc: media,
    connectSrc: ["'self'"],
    // hls.js parses the stream in a worker it starts from a blob.
    workerSrc: ["'self'", 'blob:'],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  };
  // Before helmet's own onRoute hook, which reads what is set here.
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const is = (patterns: RegExp[]) => patterns.some((pattern) => pattern.test(url));
    if (is(OWN_SCRIPTS)) route.helmet = { contentSecurityPolicy: false };
    else if (is(EMBEDDABLE))
      route.helmet = {
        frameguard: false,
        contentSecurityPolicy: { directives: { ...directives, frameAncestors: ["'self'", ...formOrigins] } },
      };
    else if (is(CROSS_SITE)) route.helmet = { crossOriginResourcePolicy: { policy: 'cross-origin' } };
  });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives },
    // Pages embed the bucket's images and video, which answer without CORP headers.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

import type { LandingCopy } from '../../compositions/template';
import { getTemplate } from '../templates';
import type { RenderRequestFields } from './render-record';

/**
 * The words around a render's video: the template's, in the video's language, with the render's own call to action
 * (from its API request, its batch or its CSV row) where it brought one.
 */
export function landingCopy(render: Pick<RenderRequestFields, 'template' | 'props' | 'cta'>): LandingCopy {
  const template = getTemplate(render.template);
  const copy = template.landing(template.schema.parse(render.props));
  return { ...copy, cta: { ...copy.cta, ...render.cta } };
}

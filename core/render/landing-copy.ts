import type { LandingCopy } from '../../compositions/template';
import { getTemplate } from '../templates';
import type { RenderRequestFields } from './render-record';

/**
 * The words around a render's video: the template's, in the video's language, with the render's own call to action
 * (from its API request, its batch or its CSV row) where it brought one. Props an older version of the template took
 * but this one refuses still get a page: the template's own title and words, without the personal greeting.
 */
export function landingCopy(render: Pick<RenderRequestFields, 'template' | 'props' | 'cta'>): LandingCopy {
  const template = getTemplate(render.template);
  const parsed = template.schema.safeParse(render.props);
  const copy = parsed.success
    ? template.landing(parsed.data)
    : { ...template.landing(template.schema.parse(template.defaultProps)), title: template.title, greeting: '' };
  return { ...copy, cta: { ...copy.cta, ...render.cta } };
}

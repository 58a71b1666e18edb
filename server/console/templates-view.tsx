import { Thumbnail } from '@remotion/player';
import { useEffect, useState } from 'react';
import { findTemplate } from '../../compositions/registry';
import { call } from './console-api';
import { PropFields, type PropsSchema, shown } from './prop-fields';
import { useCopy } from './use-copy';
import { compositionOf, formatLabel, VideoPreview } from './video-preview';

/** What GET /v1/templates says of a template. */
export interface TemplateInfo {
  id: string;
  title: string;
  description: string;
  propsSchema: PropsSchema;
  defaultProps: Record<string, unknown>;
  defaults: { durationInFrames: number; fps: number; width: number; height: number; posterFrame: number };
}

/** The tenant's templates, fetched once per page load. */
let templates: Promise<TemplateInfo[]> | null = null;
export const loadTemplates = () => {
  templates ??= call<TemplateInfo[]>('/v1/templates');
  return templates;
};

export function useTemplates(): TemplateInfo[] | null {
  const [list, setList] = useState<TemplateInfo[] | null>(null);
  useEffect(() => {
    void loadTemplates().then(setList);
  }, []);
  return list;
}

const seconds = ({ durationInFrames, fps }: TemplateInfo['defaults']) => (durationInFrames / fps).toFixed(1);

export function TemplatesView({ id }: { id?: string }) {
  const t = useCopy();
  const list = useTemplates();
  if (!list) return <p aria-live="polite">…</p>;
  const chosen = id ? list.find((info) => info.id === id) : undefined;
  if (chosen) return <TemplateDetail info={chosen} />;
  return (
    <>
      <h1>{t('navTemplates')}</h1>
      <div className="grid">
        {list.map((info) => {
          const template = findTemplate(info.id);
          const poster = template && compositionOf(template, info.defaultProps);
          const { defaults } = info;
          return (
            <article className="card" key={info.id}>
              {poster && (
                <Thumbnail
                  {...poster.composition}
                  frameToDisplay={poster.posterFrame}
                  style={{ width: '100%', borderRadius: '0.4rem' }}
                />
              )}
              <h2>
                <a href={`#/templates/${info.id}`}>{info.title}</a>
              </h2>
              <p>{info.description}</p>
              <p className="muted">
                {t('length')}: {t('seconds', { n: seconds(defaults) })} · {t('format')}: {formatLabel(defaults)}
              </p>
            </article>
          );
        })}
      </div>
    </>
  );
}

function TemplateDetail({ info }: { info: TemplateInfo }) {
  const t = useCopy();
  const template = findTemplate(info.id);
  const [sample, setSample] = useState<Record<string, unknown>>(info.defaultProps);
  const required = new Set(info.propsSchema.required ?? []);
  const parsed = template?.schema.safeParse(sample);
  return (
    <>
      <h1>{info.title}</h1>
      <p>{info.description}</p>
      <p className="muted">
        {t('length')}: {t('seconds', { n: seconds(info.defaults) })} · {t('format')}: {formatLabel(info.defaults)}
      </p>
      <div className="split">
        <section>
          {template && <VideoPreview template={template} props={sample} label={info.title} />}
          {parsed && !parsed.success && (
            <div className="notice bad" role="alert">
              <p>{t('invalidProps')}</p>
              <ul>
                {parsed.error.issues.map((issue) => (
                  <li key={`${issue.path.join('.')}:${issue.message}`}>
                    {issue.path.join('.')}: {issue.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="scroll">
            <table>
              <caption className="visually-hidden">{t('props')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('prop')}</th>
                  <th scope="col">{t('required')}</th>
                  <th scope="col">{t('defaultValue')}</th>
                  <th scope="col">{t('sampleValue')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(info.propsSchema.properties ?? {}).map(([name, prop]) => (
                  <tr key={name}>
                    <th scope="row">
                      <code>{name}</code>
                      {prop.description && <div className="muted">{prop.description}</div>}
                    </th>
                    <td>{required.has(name) ? t('required') : t('optional')}</td>
                    <td>{shown(prop.default)}</td>
                    <td>{shown(info.defaultProps[name])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card">
          <h2>{t('editSample')}</h2>
          <PropFields schema={info.propsSchema} value={sample} onChange={setSample} />
        </section>
      </div>
    </>
  );
}

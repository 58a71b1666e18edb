import './shared/fonts';
import { type CalculateMetadataFunction, Composition } from 'remotion';
import { type AnyTemplate, TEMPLATES } from './registry';

type Props = Record<string, unknown>;

const TemplateEntry: React.FC<{ template: AnyTemplate }> = ({ template }) => {
  const defaults = template.schema.parse(template.defaultProps);
  const meta = template.metadata(defaults);
  // Props reach here already parsed by the renderer; parsing again is cheap and keeps Studio edits honest.
  const calculateMetadata: CalculateMetadataFunction<Props> = ({ props }) => {
    const parsed = template.schema.parse(props);
    return { durationInFrames: template.metadata(parsed).durationInFrames, props: parsed };
  };
  return (
    <Composition
      id={template.id}
      component={template.component}
      defaultProps={defaults}
      durationInFrames={meta.durationInFrames}
      fps={meta.fps}
      width={meta.width}
      height={meta.height}
      calculateMetadata={calculateMetadata}
    />
  );
};

export const Root: React.FC = () => (
  <>
    {TEMPLATES.map((template) => (
      <TemplateEntry key={template.id} template={template} />
    ))}
  </>
);

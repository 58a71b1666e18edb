import './shared/fonts';
import { type CalculateMetadataFunction, Composition } from 'remotion';
import type { z } from 'zod';
import { type AnyTemplate, TEMPLATES } from './registry';
import { type PartsProps, partsCompositionId } from './template';

type Props = Record<string, unknown>;

const TemplateEntry: React.FC<{ template: AnyTemplate }> = ({ template }) => {
  const defaults = template.schema.parse(template.defaultProps);
  const meta = template.metadata(defaults);
  // The renderer builds its composition from the template's metadata; these are for the Studio and the Remotion CLI.
  const calculateMetadata: CalculateMetadataFunction<Props> = ({ props }) => {
    const parsed = template.schema.parse(props);
    return { durationInFrames: template.metadata(parsed).durationInFrames, props: parsed };
  };
  const partsMetadata: CalculateMetadataFunction<PartsProps> = ({ props }) => {
    const { groups } = template.metadata(template.schema.parse(props.props));
    return { durationInFrames: props.groups.reduce((sum, index) => sum + groups[index]!.durationInFrames, 0) };
  };
  const shared = { fps: meta.fps, width: meta.width, height: meta.height };
  return (
    <>
      <Composition
        id={template.id}
        component={template.component}
        // Studio's props editor draws its fields from the schema and checks what is typed against it.
        schema={template.schema as unknown as z.ZodObject}
        defaultProps={defaults}
        durationInFrames={meta.durationInFrames}
        calculateMetadata={calculateMetadata}
        {...shared}
      />
      <Composition
        id={partsCompositionId(template.id)}
        component={template.partsComponent}
        defaultProps={{ props: defaults, groups: meta.groups.map((_, index) => index) }}
        durationInFrames={meta.durationInFrames}
        calculateMetadata={partsMetadata}
        {...shared}
      />
    </>
  );
};

export const Root: React.FC = () => (
  <>
    {TEMPLATES.map((template) => (
      <TemplateEntry key={template.id} template={template} />
    ))}
  </>
);

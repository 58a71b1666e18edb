import './shared/fonts';
import { Composition, type CalculateMetadataFunction } from 'remotion';
import { TEMPLATES, posterStillId, type AnyTemplate } from './registry';
import { WithPlayButton } from './shared/play-button-poster';

type Props = Record<string, unknown>;

const TemplateEntries: React.FC<{ template: AnyTemplate }> = ({ template }) => {
  const defaults = template.schema.parse(template.defaultProps);
  const meta = template.metadata(defaults);
  const Component = template.component;
  // Props reach here already parsed by the renderer; parsing again is cheap and keeps Studio edits honest.
  const calculateMetadata: CalculateMetadataFunction<Props> = ({ props }) => {
    const parsed = template.schema.parse(props);
    return { durationInFrames: template.metadata(parsed).durationInFrames, props: parsed };
  };
  const Poster: React.FC<Props> = (props) => (
    <WithPlayButton>
      <Component {...props} />
    </WithPlayButton>
  );
  // The poster composition is the video with a play button on top: same size, duration and props.
  const shared = { defaultProps: defaults, durationInFrames: meta.durationInFrames, fps: meta.fps, width: meta.width, height: meta.height, calculateMetadata };
  return (
    <>
      <Composition id={template.id} component={Component} {...shared} />
      <Composition id={posterStillId(template.id)} component={Poster} {...shared} />
    </>
  );
};

export const Root: React.FC = () => (
  <>
    {TEMPLATES.map((template) => (
      <TemplateEntries key={template.id} template={template} />
    ))}
  </>
);

import { linearTiming, TransitionSeries } from '@remotion/transitions';
import { fade } from '@remotion/transitions/fade';
import { slide } from '@remotion/transitions/slide';
import { wipe } from '@remotion/transitions/wipe';
import { Fragment } from 'react';
import { AbsoluteFill, Easing } from 'remotion';
import { type Scene, TRANSITION_FRAMES } from './timeline';

const TIMING = linearTiming({ durationInFrames: TRANSITION_FRAMES, easing: Easing.inOut(Easing.cubic) });

// A fixed, varied rhythm of transitions; linear timing keeps every overlap exactly TRANSITION_FRAMES long,
// which the personalised frame ranges rely on.
const transitionBefore = (index: number) => {
  switch (index % 4) {
    case 1:
      return <TransitionSeries.Transition presentation={slide({ direction: 'from-right' })} timing={TIMING} />;
    case 2:
      return <TransitionSeries.Transition presentation={fade()} timing={TIMING} />;
    case 3:
      return <TransitionSeries.Transition presentation={wipe({ direction: 'from-left' })} timing={TIMING} />;
    default:
      return <TransitionSeries.Transition presentation={slide({ direction: 'from-bottom' })} timing={TIMING} />;
  }
};

export const SceneSeries: React.FC<{ scenes: readonly Scene[]; background: string }> = ({ scenes, background }) => (
  <AbsoluteFill style={{ background }}>
    <TransitionSeries>
      {scenes.map((scene, index) => (
        <Fragment key={scene.id}>
          {index > 0 ? transitionBefore(index) : null}
          <TransitionSeries.Sequence durationInFrames={scene.durationInFrames} name={scene.id}>
            {scene.render()}
          </TransitionSeries.Sequence>
        </Fragment>
      ))}
    </TransitionSeries>
  </AbsoluteFill>
);

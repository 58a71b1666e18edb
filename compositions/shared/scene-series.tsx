import { linearTiming, TransitionSeries } from '@remotion/transitions';
import { fade } from '@remotion/transitions/fade';
import { slide } from '@remotion/transitions/slide';
import { wipe } from '@remotion/transitions/wipe';
import { Fragment } from 'react';
import { AbsoluteFill, Easing } from 'remotion';
import { type Entrance, type SceneUse, sceneInput, TRANSITION_FRAMES } from './timeline';

// Linear timing keeps every overlap exactly TRANSITION_FRAMES long, which the timeline's frame numbers rely on.
const TIMING = linearTiming({ durationInFrames: TRANSITION_FRAMES, easing: Easing.inOut(Easing.cubic) });

const transitionInto = (entrance: Exclude<Entrance, 'cut'>) => {
  switch (entrance) {
    case 'slide-up':
      return <TransitionSeries.Transition presentation={slide({ direction: 'from-bottom' })} timing={TIMING} />;
    case 'slide-left':
      return <TransitionSeries.Transition presentation={slide({ direction: 'from-right' })} timing={TIMING} />;
    case 'fade':
      return <TransitionSeries.Transition presentation={fade()} timing={TIMING} />;
    case 'wipe':
      return <TransitionSeries.Transition presentation={wipe({ direction: 'from-left' })} timing={TIMING} />;
  }
};

/**
 * Plays scenes one after another: a hard cut or a transition into each. Every scene gets only the props it declared
 * (and its params), never the whole props object.
 */
export const SceneSeries: React.FC<{
  uses: readonly SceneUse[];
  props: Record<string, unknown>;
  background: string;
}> = ({ uses, props, background }) => (
  <AbsoluteFill style={{ background }}>
    <TransitionSeries>
      {uses.map((use, index) => {
        const Scene = use.scene.component;
        const id = `${index}-${use.scene.name}`;
        return (
          <Fragment key={id}>
            {index > 0 && use.entrance !== 'cut' ? transitionInto(use.entrance) : null}
            <TransitionSeries.Sequence durationInFrames={use.scene.durationInFrames} name={use.scene.name}>
              <Scene {...sceneInput(use, props)} />
            </TransitionSeries.Sequence>
          </Fragment>
        );
      })}
    </TransitionSeries>
  </AbsoluteFill>
);

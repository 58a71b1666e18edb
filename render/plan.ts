import { createHash } from 'node:crypto';
import type { AnyTemplate } from '../compositions/registry';
import type { SceneKind } from '../compositions/shared/timeline';
import type { TemplateMetadata } from '../compositions/template';
import { canonical } from '../core/render/render-record';

/** One stretch of a video between hard cuts: rendered, cached and reused as one piece. */
export interface PlannedSegment {
  /** Index of its scene group in the template's metadata. */
  group: number;
  kind: SceneKind;
  /** First frame in the video, and how many. */
  from: number;
  durationInFrames: number;
  /** Content address: the same key means the same frames, encoded the same way. */
  key: string;
}

/**
 * Cuts a video into segments at its hard cuts and gives each a key. A segment's frames depend on its scenes (which,
 * in what order, how they enter, where each starts within the segment), on what each scene receives (its declared
 * props and its params: the only input its component gets) and on how frames are made and encoded (`profile`). The
 * key hashes exactly those, so two recipients share a segment exactly when its frames are the same for both.
 *
 * A personal segment (one that shows free text such as a name) is shared only within `personalScope` (the tenant, or
 * the render itself): otherwise how fast a render finds its segment would tell one tenant, or a visitor of a public
 * form, that someone else's video holds those words.
 */
export function planSegments(
  template: AnyTemplate,
  props: Record<string, unknown>,
  metadata: TemplateMetadata,
  profile: string,
  personalScope?: string,
): PlannedSegment[] {
  return metadata.groups.map((group, index) => {
    const scenes = group.scenes.map((sceneIndex) => {
      const scene = metadata.scenes[sceneIndex]!;
      const input = Object.fromEntries(scene.reads.map((prop) => [prop, props[prop]]));
      return {
        name: scene.name,
        params: scene.params,
        input,
        entrance: scene.entrance,
        offset: scene.from - group.from,
        frames: scene.durationInFrames,
      };
    });
    const scope = group.kind === 'personal' ? personalScope : undefined;
    const material = { template: template.id, version: template.version, profile, scenes, scope };
    const key = createHash('sha256')
      .update(JSON.stringify(canonical(material)))
      .digest('base64url')
      .slice(0, 32);
    return { group: index, kind: group.kind, from: group.from, durationInFrames: group.durationInFrames, key };
  });
}

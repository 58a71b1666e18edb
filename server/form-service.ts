import type { Redis } from 'ioredis';
import type { FormDefinition } from '../compositions/form';
import type { Config } from '../core/config';
import { RateLimitedError, ReelpipeError } from '../core/errors';
import { formAnswersToProps, getForm } from '../core/intake/form-answers';
import { clientKey, takeToken } from '../core/rate-limit';
import { redisKeys } from '../core/redis-keys';
import type { RenderService, RenderView } from './render-service';

/** Public form submissions: origin check, the answers become props, rate check, then a high-priority render. */
export class FormService {
  constructor(
    private readonly config: Config,
    private readonly redis: Redis,
    private readonly renders: RenderService,
  ) {}

  /** Origins that may post the form from their own pages. */
  allowedOrigins(form: FormDefinition): string[] {
    return [new URL(this.config.publicUrl).origin, ...this.config.forms.origins, ...form.allowedOrigins];
  }

  assertOrigin(form: FormDefinition, origin: string | undefined): void {
    if (origin && !this.allowedOrigins(form).includes(origin)) {
      throw new ReelpipeError('This form does not accept submissions from that site.', 'origin_not_allowed', {
        status: 403,
      });
    }
  }

  async submit(formId: string, body: unknown, client: { ip: string; origin?: string }): Promise<RenderView> {
    const form = getForm(formId);
    this.assertOrigin(form, client.origin);
    // Answers are checked first: only an accepted submission counts against the limits, so someone fixing a typo is
    // told what to fix, not to wait.
    const props = formAnswersToProps(form, body);
    const keys = redisKeys(this.config.queuePrefix);
    const limits = [
      [keys.formRate(form.id, clientKey(client.ip)), this.config.forms.perIpPerMinute],
      [keys.formRate(form.id), this.config.forms.perFormPerMinute],
    ] as const;
    for (const [key, limit] of limits) {
      const decision = await takeToken(this.redis, key, limit);
      if (!decision.allowed) {
        const wait = decision.retryAfterSeconds;
        throw new RateLimitedError(`Too many videos asked for; try again in ${wait} s.`, wait);
      }
    }
    return this.renders.submitFromForm(form.id, form.template, props);
  }
}

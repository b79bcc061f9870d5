import { Controller, Get, Sse } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { ContextInput, FlagstreamClient } from '../../lib';
import { FlagContext, FlagValue, InjectFlagstream, RequireFlag } from '../../lib/integrations/nestjs';

/** The shop's routes. */
@Controller()
export class ShopController {
  constructor(@InjectFlagstream() private readonly flags: FlagstreamClient) {}

  /** Only for contexts the `checkout` flag serves `true` to; 404 for everyone else. */
  @Get('checkout')
  @RequireFlag('checkout')
  checkout(): { readonly checkout: string } {
    return { checkout: 'new' };
  }

  /** The banner text for this request's user. */
  @Get('banner')
  banner(@FlagValue('banner', 'Welcome') banner: string): { readonly banner: string } {
    return { banner };
  }

  /** The banner text now and after every change, as Server-Sent Events. */
  @Sse('live/banner')
  liveBanner(@FlagContext() context: ContextInput): Observable<{ readonly data: { readonly banner: string } }> {
    return this.flags.variation$('banner', context, 'Welcome').pipe(map((banner) => ({ data: { banner } })));
  }
}

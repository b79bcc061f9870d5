import { asyncScheduler, type SchedulerLike } from 'rxjs';

/**
 * A real-time scheduler on which time runs `factor` times faster: a 1,000 ms delay fires after
 * 1000 / factor real ms, and `now()` advances `factor` ms per real ms. Lets specs run the
 * production intervals and timeouts (e.g. the 1,000 ms minimum poll interval) against real
 * sockets without waiting for them. Suited to one-shot timers (`timer(delay)`, `schedule`).
 */
export function fastScheduler(factor: number): SchedulerLike {
  const start = asyncScheduler.now();
  const scheduler = {
    now: () => start + (asyncScheduler.now() - start) * factor,
    schedule: (work: () => void, delay = 0, state?: unknown) => asyncScheduler.schedule(work as (state: unknown) => void, delay / factor, state),
  };
  return scheduler as unknown as SchedulerLike;
}

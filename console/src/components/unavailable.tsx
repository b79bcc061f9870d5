import type { ApiError } from '../api/api-error';

/** Whether an error means the server has no such endpoint (an older or smaller server). */
export function isMissingEndpoint(error: ApiError | undefined): boolean {
  return error !== undefined && (error.status === 404 || error.status === 405) && /No such endpoint|not allowed/i.test(error.message);
}

/** Says that this server does not offer a feature (rather than failing silently). */
export function Unavailable({ what, error }: { what: string; error: ApiError }) {
  return (
    <div class="notice" role="status">
      <p>
        {what} is not available on this flag server ({error.message}).
      </p>
    </div>
  );
}

/**
 * The reason of a failed request, without its URL: node-fetch says `request to <full URL>
 * failed, reason: …`, and the URL may carry credentials, so only the reason is kept.
 */
export function networkReason(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return /, reason: (.*)$/s.exec(message)?.[1] ?? message;
}

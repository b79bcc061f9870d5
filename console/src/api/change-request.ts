/**
 * Headers of a change made from the console: `If-Match` with the version the user saw (a change
 * made elsewhere since then is refused, never overwritten) and the comment recorded in the audit
 * history (`X-Flagstream-Comment`, URI-encoded so that any text fits in a header).
 */
export function changeHeaders(version: number | undefined, comment: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  if (comment && comment.trim() !== '') headers['X-Flagstream-Comment'] = encodeURIComponent(comment.trim());
  return headers;
}

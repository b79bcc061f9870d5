import { SDK_KEY, type TestServer } from '../helpers/test-server';

/** A response's status and parsed JSON body (undefined when empty). */
export interface JsonResponse {
  readonly status: number;
  readonly json: any;
}

/** Posts an event batch as an SDK does (`Authorization: <sdk key>`, optional payload id). */
export async function postEvents(t: TestServer, events: unknown, options: { payloadId?: string; sdkKey?: string } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { Authorization: options.sdkKey ?? SDK_KEY, 'Content-Type': 'application/json' };
  if (options.payloadId !== undefined) headers['X-Flagstream-Payload-Id'] = options.payloadId;
  const response = await fetch(`${t.url}/bulk`, { method: 'POST', headers, body: JSON.stringify(events) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** `GET /api/environments/:env/insights?<query>` with the admin token. */
export async function getInsights(t: TestServer, query = '', environment = 'production'): Promise<JsonResponse> {
  const { status, json } = await t.admin('GET', `/api/environments/${encodeURIComponent(environment)}/insights${query ? `?${query}` : ''}`);
  return { status, json };
}

/** A summary event with one flag's counters. */
export function summary(features: Record<string, readonly Record<string, unknown>[]>): Record<string, unknown> {
  return {
    kind: 'summary',
    startDate: 1,
    endDate: 2,
    features: Object.fromEntries(Object.entries(features).map(([key, counters]) => [key, { default: false, contextKinds: ['user'], counters }])),
  };
}

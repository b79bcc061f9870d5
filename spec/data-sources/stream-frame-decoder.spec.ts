import assert from 'node:assert/strict';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { StreamFrameDecoder } from '../../lib/data-sources/stream-frame-decoder';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';

const flag = (key: string, version: number) => ({ key, version, on: true, variations: [true, false], fallthrough: { variation: 0 }, offVariation: 1, salt: key });
const put = (flags: number) => JSON.stringify({ type: 'put', data: { flags: Object.fromEntries(Array.from({ length: flags }, (_, i) => [`f${i}`, flag(`f${i}`, 1)])) } });
const patch = (key: string, version: number) => JSON.stringify({ type: 'patch', kind: 'flags', data: flag(key, version) });
/** Frames of 2,000 characters or more are sliced in these specs. */
const SLICED_FROM = 2000;

function describeEvent(event: DataSourceEvent): string {
  switch (event.type) {
    case 'put':
      return `put ${Object.keys(event.data.flags).length}`;
    case 'patch':
      return `patch ${event.data.key}@${event.data.version}`;
    case 'delete':
      return `delete ${event.key}`;
    case 'status':
      return event.state;
  }
}

/** A decoder recording what it delivers; `stopAfter` makes `events` answer false after that many deliveries. */
function recorder(stopAfter = Infinity) {
  const seen: string[] = [];
  const warnings: string[] = [];
  const failures: unknown[] = [];
  let deliveries = 0;
  const decoder = new StreamFrameDecoder(
    {
      events(events) {
        seen.push(...events.map(describeEvent));
        return ++deliveries < stopAfter;
      },
      failed: (error) => failures.push(error),
      warn: (message) => warnings.push(message),
    },
    SLICED_FROM,
  );
  return { decoder, seen, warnings, failures };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await turn();
  assert.ok(done(), `never saw ${what}`);
}

describe('StreamFrameDecoder', () => {
  it('decodes a small frame at once', () => {
    const { decoder, seen } = recorder();
    decoder.push(patch('a', 2));
    assert.deepEqual(seen, ['patch a@2']);
  });

  it('decodes a large put in slices, letting the event loop run, and delivers later frames after it, in order', async () => {
    const { decoder, seen } = recorder();
    const text = put(3000);
    assert.ok(text.length > 50 * SLICED_FROM);
    decoder.push(text);
    decoder.push(patch('f1', 2));
    decoder.push(put(2)); // a second large-enough frame, queued behind
    decoder.push(patch('f2', 3));
    assert.deepEqual(seen, [], 'nothing is delivered before the put');
    let turns = 0;
    await until(() => {
      turns++;
      return seen.length > 0;
    }, 'the put');
    assert.ok(turns > 1, 'the event loop turned while the put was decoded');
    await until(() => seen.length === 6, 'every frame');
    assert.deepEqual(seen, ['put 3000', 'VALID', 'patch f1@2', 'put 2', 'VALID', 'patch f2@3']);
  });

  it('reports the items a sliced put leaves out, with their paths', async () => {
    const { decoder, seen, warnings } = recorder();
    const frame = JSON.parse(put(100)) as { data: { flags: Record<string, unknown> } };
    frame.data.flags.f42 = { ...flag('f42', 1), variations: 'yes' };
    decoder.push(JSON.stringify(frame));
    await until(() => seen.length === 2, 'the put');
    assert.deepEqual(seen, ['put 99', 'VALID']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^stream put: data\.flags\.f42 skipped: data\.flags\.f42\.variations: expected .*, got "yes"$/);
  });

  it('fails on a large frame that is not valid, and drops the frames queued behind it', async () => {
    const { decoder, seen, failures } = recorder();
    decoder.push(put(200).slice(0, -1));
    decoder.push(patch('a', 2));
    await until(() => failures.length > 0, 'the failure');
    await turn();
    assert.equal(failures.length, 1);
    assert.ok(failures[0] instanceof PayloadDecodeError);
    assert.match((failures[0] as Error).message, /expected JSON/);
    assert.deepEqual(seen, []);
    decoder.push(patch('b', 3));
    assert.deepEqual(seen, [], 'nothing is taken after a failure');
  });

  it('stops when the receiver says so', () => {
    const { decoder, seen } = recorder(1);
    decoder.push(patch('a', 2));
    decoder.push(patch('b', 3));
    assert.deepEqual(seen, ['patch a@2']);
  });

  it('drops a put being decoded when closed, and delivers nothing afterwards', async () => {
    const { decoder, seen } = recorder();
    decoder.push(put(3000));
    decoder.push(patch('a', 2));
    await turn();
    decoder.close();
    for (let i = 0; i < 50; i++) await turn();
    decoder.push(patch('b', 2));
    assert.deepEqual(seen, []);
  });
});

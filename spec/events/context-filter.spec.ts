import assert from 'node:assert/strict';
import { type EvaluationContext, parseContext } from '../../lib/context/evaluation-context';
import { ContextFilter } from '../../lib/events/context-filter';

function ctx(input: unknown): EvaluationContext {
  const parsed = parseContext(input);
  if (!parsed.valid) assert.fail(parsed.message);
  return parsed;
}

describe('ContextFilter', () => {
  const person = () => ({
    kind: 'user',
    key: 'u1',
    name: 'Ann',
    email: 'ann@example.com',
    address: { city: 'Oslo', zip: '0150', geo: { lat: 59.9, lon: 10.7 } },
    tags: [{ secret: 1 }],
  });

  it('passes a context without private attributes through unchanged', () => {
    const input = person();
    assert.deepEqual(new ContextFilter().filter(ctx(input), true), input);
  });

  it('removes config-level attributes, top-level and nested, listing them sorted', () => {
    const filter = new ContextFilter({ privateAttributes: ['email', '/address/geo/lat', '/address/city', 'missing', '/tags/0/secret'] });
    const input = person();
    assert.deepEqual(filter.filter(ctx(input), false), {
      kind: 'user',
      key: 'u1',
      name: 'Ann',
      address: { zip: '0150', geo: { lon: 10.7 } },
      tags: [{ secret: 1 }],
      _meta: { redactedAttributes: ['/address/city', '/address/geo/lat', 'email'] },
    });
    assert.deepEqual(input, person(), 'the application object is not modified');
  });

  it('lists a parent once when both it and a nested attribute are private', () => {
    const filter = new ContextFilter({ privateAttributes: ['/address/city', 'address'] });
    assert.deepEqual(filter.filter(ctx(person()), false), {
      kind: 'user',
      key: 'u1',
      name: 'Ann',
      email: 'ann@example.com',
      tags: [{ secret: 1 }],
      _meta: { redactedAttributes: ['address'] },
    });
  });

  it("applies a context's own _meta.privateAttributes to that context only, and drops them from the output", () => {
    const filter = new ContextFilter({ privateAttributes: ['name'] });
    const input = {
      kind: 'multi',
      user: { key: 'u1', name: 'Ann', email: 'a@x', _meta: { privateAttributes: ['email', '/address/zip'] }, address: { zip: '1' } },
      org: { key: 'o1', name: 'Acme', email: 'o@x' },
    };
    assert.deepEqual(filter.filter(ctx(input), false), {
      kind: 'multi',
      user: { key: 'u1', address: {}, _meta: { redactedAttributes: ['/address/zip', 'email', 'name'] } },
      org: { key: 'o1', email: 'o@x', _meta: { redactedAttributes: ['name'] } },
    });
  });

  it('drops _meta.privateAttributes even when nothing is redacted', () => {
    const input = { kind: 'org', key: 'o', plan: 'pro', _meta: { privateAttributes: ['missing'] } };
    assert.deepEqual(new ContextFilter().filter(ctx(input), false), { kind: 'org', key: 'o', plan: 'pro' });
  });

  it('allAttributesPrivate removes everything but key, kind and anonymous, with top-level names as references', () => {
    const filter = new ContextFilter({ allAttributesPrivate: true });
    const input = { kind: 'user', key: 'u1', anonymous: false, name: 'Ann', '/odd': 1, address: { city: 'x' } };
    assert.deepEqual(filter.filter(ctx(input), false), {
      kind: 'user',
      key: 'u1',
      anonymous: false,
      _meta: { redactedAttributes: ['/~1odd', 'address', 'name'] },
    });
  });

  it('never removes key, kind, anonymous or _meta, whichever way they are named', () => {
    const filter = new ContextFilter({ privateAttributes: ['key', '/kind', 'anonymous', '/anonymous', '_meta'] });
    const input = { kind: 'user', key: 'u1', anonymous: true, name: 'Ann' };
    assert.deepEqual(filter.filter(ctx(input), false), input);
  });

  it('ignores and reports invalid configured references', () => {
    const filter = new ContextFilter({ privateAttributes: ['', '/a//b', 'name'] });
    assert.equal(filter.invalid.length, 2);
    assert.deepEqual(filter.filter(ctx({ kind: 'user', key: 'u', name: 'n' }), false), {
      kind: 'user',
      key: 'u',
      _meta: { redactedAttributes: ['name'] },
    });
  });

  it('redacts every attribute of an anonymous context when asked (feature events), not otherwise (debug events)', () => {
    const filter = new ContextFilter({ privateAttributes: ['email'] });
    const input = { kind: 'user', key: 'anon-1', anonymous: true, name: 'Guest', email: 'g@x', country: 'NO' };
    assert.deepEqual(filter.filter(ctx(input), true), {
      kind: 'user',
      key: 'anon-1',
      anonymous: true,
      _meta: { redactedAttributes: ['country', 'email', 'name'] },
    });
    assert.deepEqual(filter.filter(ctx(input), false), {
      kind: 'user',
      key: 'anon-1',
      anonymous: true,
      name: 'Guest',
      country: 'NO',
      _meta: { redactedAttributes: ['email'] },
    });
  });

  it('redacts only the anonymous member of a multi-kind context', () => {
    const input = { kind: 'multi', user: { key: 'u', anonymous: true, name: 'Guest' }, org: { key: 'o', name: 'Acme' } };
    assert.deepEqual(new ContextFilter().filter(ctx(input), true), {
      kind: 'multi',
      user: { key: 'u', anonymous: true, _meta: { redactedAttributes: ['name'] } },
      org: { key: 'o', name: 'Acme' },
    });
  });

  it('converts a legacy user: user kind, custom attributes at top level, built-ins as strings, privateAttributeNames as literal names', () => {
    const legacy = {
      key: 'lu',
      name: 'Bob',
      country: 42,
      email: 'bob@x',
      custom: { plan: 'pro', '/path': 'p', nested: { a: 1 } },
      privateAttributeNames: ['email', '/path', 'plan'],
    };
    assert.deepEqual(new ContextFilter({ privateAttributes: ['/nested/a'] }).filter(ctx(legacy), false), {
      kind: 'user',
      key: 'lu',
      name: 'Bob',
      country: '42',
      nested: {},
      _meta: { redactedAttributes: ['/nested/a', '/~1path', 'email', 'plan'] },
    });
  });

  it('fully redacts an anonymous legacy user in feature events', () => {
    const legacy = { key: 'lu', anonymous: true, name: 'Guest', custom: { plan: 'free' } };
    assert.deepEqual(new ContextFilter().filter(ctx(legacy), true), {
      kind: 'user',
      key: 'lu',
      anonymous: true,
      _meta: { redactedAttributes: ['name', 'plan'] },
    });
  });

  it('gives a one-kind multi context its kind', () => {
    assert.deepEqual(new ContextFilter().filter(ctx({ kind: 'multi', org: { key: 'o', name: 'Acme' } }), false), {
      key: 'o',
      name: 'Acme',
      kind: 'org',
    });
  });
});

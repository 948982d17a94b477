/**
 * The api contract: every method refuses malformed input with a VALIDATION error (never a crash or
 * an INTERNAL error), checks permissions deny-by-default, and never sends a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { api, callApi, METHOD_NAMES, PERMISSIONS, type ApiContext, type MethodName, type Permission } from '../../../src/api';

const ctx = (permissions: Iterable<Permission> = PERMISSIONS, lang: 'en' | 'zh-CN' = 'en'): ApiContext => ({
  lang,
  permissions: new Set(permissions),
  now: () => new Date('2025-06-01T09:00:00'),
  emit: () => undefined,
});

const loan = { principal: '100000', annualRate: '0.12', term: 12, method: 'equal-installment', disbursementDate: '2025-01-15' };

/** A valid request for each method; a method added without one fails the first test. */
const samples: Record<MethodName, Record<string, unknown>> = {
  'system/info': {},
  'quote/schedule': loan,
  'quote/payoff': { ...loan, payoffDate: '2025-04-01' },
  'quote/line': { annualRate: '0.12', events: [{ date: '2025-03-01', type: 'draw', amount: '1000' }], payoffDate: '2025-04-01' },
  'quote/compare': { ...(({ method: _m, ...rest }) => rest)(loan), methods: ['equal-installment', 'equal-principal'] },
  'quote/apr': { method: 'irr', advances: [{ date: '2025-01-01', amount: '1000' }], payments: [{ date: '2025-02-01', amount: '1010' }] },
  'quote/tvm': { fn: 'pmt', rate: '0.01', nper: 12, pv: '100000' },
};

const wrongValues: unknown[] = [null, 42, -1, 1.5, true, 'x'.repeat(100_000), [], {}, { nested: { deep: [1, 2, 3] } }, '2025-02-30', ''];

function malformedVariants(sample: Record<string, unknown>): unknown[] {
  const variants: unknown[] = [undefined, null, 0, 'text', [], [sample], 'x'.repeat(1_000_000)];
  variants.push(JSON.parse('{"__proto__": {"polluted": true}}'));
  variants.push({ ...sample, ...JSON.parse('{"__proto__": {"polluted": true}}') });
  variants.push({ ...sample, constructor: { prototype: { polluted: true } } });
  variants.push({ ...sample, unexpected: 1 });
  for (const key of Object.keys(sample)) {
    const missing = { ...sample };
    delete missing[key];
    if (key !== 'frequency') variants.push(missing);
    for (const value of wrongValues) variants.push({ ...sample, [key]: value });
  }
  return variants;
}

describe('api: every method', () => {
  it('has a sample request here, and accepts it', async () => {
    expect(Object.keys(samples).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) {
      const r = await callApi(name, samples[name], ctx());
      expect(r, name).toMatchObject({ ok: true });
    }
  });

  it('refuses malformed input with VALIDATION, never a crash', async () => {
    let checked = 0;
    for (const name of METHOD_NAMES) {
      for (const input of malformedVariants(samples[name] as Record<string, unknown>)) {
        const r = await callApi(name, input, ctx());
        if (r.ok) continue; // e.g. {} for system/info, or a value that happens to be valid
        expect(r.error.code, `${name} ${JSON.stringify(input)?.slice(0, 120)}`).toMatch(/^(VALIDATION|RULE)$/);
        expect(r.error.message.length).toBeGreaterThan(0);
        expect(JSON.stringify(r.error)).not.toMatch(/\bat .*\.ts:\d+/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports unknown fields and pollution keys as unknown fields', async () => {
    const r = await callApi('quote/schedule', JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(loan).slice(1)}`), ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'validation.unknownField' } });
  });

  it('answers in the desk language', async () => {
    const r = await callApi('quote/schedule', { ...loan, term: 0 }, ctx(PERMISSIONS, 'zh-CN'));
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '期数 应为 1 到 1560 之间的整数' } });
  });
});

describe('api: dispatch', () => {
  it('refuses an unknown method, including prototype names', async () => {
    for (const name of ['quote/nothing', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await callApi(name, {}, ctx());
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('denies by default: no permission, no call', async () => {
    for (const name of METHOD_NAMES) {
      const r = await callApi(name, samples[name], ctx([]));
      expect(r, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('each method names a known permission', () => {
    for (const name of METHOD_NAMES) expect(PERMISSIONS).toContain(api[name].permission);
  });

  it('pushes progress events from long work', async () => {
    const events: unknown[] = [];
    await callApi('quote/compare', samples['quote/compare'], { ...ctx(), emit: (e) => events.push(e) });
    expect(events).toEqual([
      { type: 'progress', task: 'quote/compare', done: 1, total: 2 },
      { type: 'progress', task: 'quote/compare', done: 2, total: 2 },
    ]);
  });
});

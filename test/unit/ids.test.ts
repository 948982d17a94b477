import { describe, expect, it } from 'vitest';
import { seededRandom, ulidSource } from '../../src/ids';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const timeOf = (id: string): number => [...id.slice(0, 10)].reduce((a, c) => a * 32 + CROCKFORD.indexOf(c), 0);

describe('ulidSource', () => {
  it('makes valid ULIDs carrying the clock’s millisecond', () => {
    const at = Date.parse('2025-06-30T09:00:00Z');
    const id = ulidSource(() => at).next();
    expect(id).toMatch(ULID);
    expect(timeOf(id)).toBe(at);
  });

  it('strictly increases within one millisecond: the random part goes up by one', () => {
    const ids = ulidSource(() => 1_751_274_000_000);
    const made = Array.from({ length: 5000 }, () => ids.next());
    expect(new Set(made).size).toBe(made.length);
    for (let i = 1; i < made.length; i++) expect((made[i] as string) > (made[i - 1] as string)).toBe(true);
    expect(made.every((id) => id.slice(0, 10) === (made[0] as string).slice(0, 10))).toBe(true);
    // One more than the previous in base32 (the last digits roll over as a number's do).
    const [a, b] = made as [string, string];
    const digits = (id: string): bigint => [...id.slice(10)].reduce((n, c) => n * 32n + BigInt(CROCKFORD.indexOf(c)), 0n);
    expect(digits(b) - digits(a)).toBe(1n);
  });

  it('draws fresh random bits in a new millisecond, and keeps order when the clock steps back', () => {
    let t = 1_751_274_000_000;
    const ids = ulidSource(() => t);
    const first = ids.next();
    t += 1;
    const second = ids.next();
    expect(timeOf(second)).toBe(t);
    t -= 10;
    const third = ids.next();
    expect(third > second && second > first).toBe(true);
    expect(third).toMatch(ULID);
  });

  it('is reproducible from a seed, and differs between sources without one', () => {
    const make = () => ulidSource(() => 1_751_274_000_000, seededRandom(7));
    const a = make();
    const b = make();
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(ulidSource(() => 1).next()).not.toBe(ulidSource(() => 1).next());
  });
});

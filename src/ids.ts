/**
 * Ids are made by the engine (not by the database), so that the same code can run on another
 * database later. ULIDs: 48 bits of milliseconds then 80 random bits, in Crockford base32, so ids
 * sort by creation time. Random bits come from crypto, or from a seeded generator for demo books.
 * A source is monotonic, as the ULID spec's monotonic factory: the first id of a millisecond gets
 * fresh random bits, the next ones in that millisecond (or while the clock stands behind the last
 * id's) the previous id's random part plus one. So one source's ids strictly increase: a day's close
 * making tens of thousands of them draws random bytes once a millisecond, not once an id, and
 * appends to the tables' id indexes in order instead of scattering within the millisecond.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

export interface IdSource {
  next: () => string;
}

/** A small deterministic generator (mulberry32) for reproducible demo books and tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0, time = ms; i < TIME_CHARS; i++, time = Math.floor(time / 32)) out = (ALPHABET[time % 32] as string) + out;
  return out;
}

/** 80 random bits as 16 base32 characters. */
function encodeRandom(bytes: Iterable<number>): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31] as string;
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The base32 number one more than `text`, or null when every digit is already the largest. */
function increment(text: string): string | null {
  let i = text.length - 1;
  while (i >= 0 && text[i] === 'Z') i--;
  if (i < 0) return null;
  return text.slice(0, i) + (ALPHABET[ALPHABET.indexOf(text[i] as string) + 1] as string) + '0'.repeat(text.length - 1 - i);
}

export function ulidSource(now: () => number = Date.now, random?: () => number): IdSource {
  const bytes = (n: number): Iterable<number> => (random ? Array.from({ length: n }, () => Math.floor(random() * 256)) : randomBytes(n));
  let lastTime = -1;
  let timeText = '';
  let randomText = '';
  return {
    next: () => {
      const time = now();
      const more = time <= lastTime ? increment(randomText) : null;
      if (more !== null) {
        randomText = more;
      } else {
        // A new millisecond (or, once in 2^80, a millisecond used up: the next one).
        lastTime = time > lastTime ? time : lastTime + 1;
        timeText = encodeTime(lastTime);
        randomText = encodeRandom(bytes(RANDOM_CHARS * 5 / 8));
      }
      return timeText + randomText;
    },
  };
}

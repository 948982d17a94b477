/**
 * Ids are made by the engine (not by the database), so that the same code can run on another
 * database later. ULIDs: 48 bits of milliseconds then 80 random bits, in Crockford base32, so ids
 * sort by creation time. Random bits come from crypto, or from a seeded generator for demo books.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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

export function ulidSource(now: () => number = Date.now, random?: () => number): IdSource {
  const bytes = (n: number): number[] => (random ? Array.from({ length: n }, () => Math.floor(random() * 256)) : [...randomBytes(n)]);
  return {
    next: () => {
      let time = now();
      let out = '';
      for (let i = 0; i < 10; i++) {
        out = (ALPHABET[time % 32] as string) + out;
        time = Math.floor(time / 32);
      }
      // 80 random bits as 16 base32 characters.
      let bits = 0;
      let value = 0;
      for (const b of bytes(10)) {
        value = (value << 8) | b;
        bits += 8;
        while (bits >= 5) {
          out += ALPHABET[(value >>> (bits - 5)) & 31] as string;
          bits -= 5;
        }
        value &= (1 << bits) - 1;
      }
      return out;
    },
  };
}

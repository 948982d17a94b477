/** Passwords: scrypt (node:crypto) with a per-user random salt; compared in constant time. */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 64;
// N = 2^15 costs about 50-100 ms a check here: slow for a guesser, unnoticed at a sign-in.
const COST = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function hashPassword(password: string, salt: string = randomBytes(16).toString('hex')): { hash: string; salt: string } {
  return { hash: scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, COST).toString('hex'), salt };
}

export function verifyPassword(password: string, salt: string, hash: string): boolean {
  const given = scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, COST);
  const stored = Buffer.from(hash, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}

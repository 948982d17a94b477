/**
 * Intake checks for customers: the resident ID number (GB 11643-1999), the mainland mobile number,
 * the unified social credit code (GB 32100-2015) and the applicant's age.
 */
import { daysInMonth } from '../calendar/date';

export type Check<T> = { ok: true; value: T } | { ok: false; key: IntakeKey; details?: Record<string, string | number> };
export type IntakeKey =
  | 'intake.idNumberFormat'
  | 'intake.idNumberChecksum'
  | 'intake.idNumberBirthDate'
  | 'intake.phone'
  | 'intake.creditCodeFormat'
  | 'intake.creditCodeChecksum'
  | 'intake.minor';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export interface IdFacts {
  idNumber: string;
  birthDate: string;
  gender: 'M' | 'F';
  areaCode: string;
}

/** Validates an 18-character resident ID number against `today` (birth date real and not in the future). */
export function checkIdNumber(raw: string, today: string): Check<IdFacts> {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, key: 'intake.idNumberFormat' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || birthDate > today) {
    return { ok: false, key: 'intake.idNumberBirthDate', details: { value: birthDate } };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  const expected = ID_CHECK[sum % 11] as string;
  if (id[17] !== expected) return { ok: false, key: 'intake.idNumberChecksum', details: { expected } };
  return { ok: true, value: { idNumber: id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F', areaCode: id.slice(0, 6) } };
}

/** A mainland mobile number, with an optional +86 / 0086 prefix; returns the 11 digits. */
export function checkPhone(raw: string): Check<string> {
  const compact = raw.replace(/[\s-]/g, '');
  const m = /^(?:\+86|0086)?(1[3-9]\d{9})$/.exec(compact);
  return m ? { ok: true, value: m[1] as string } : { ok: false, key: 'intake.phone' };
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * A unified social credit code. A wrong check character is reported separately (some early codes
 * fail it): the caller treats it as a warning an officer may override with a reason.
 */
export function checkCreditCode(raw: string): Check<string> {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { ok: false, key: 'intake.creditCodeFormat' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(code[i] as string) * (CODE_WEIGHTS[i] as number);
  const check = (31 - (sum % 31)) % 31;
  const expected = CODE_CHARS[check] as string;
  if (code[17] !== expected) return { ok: false, key: 'intake.creditCodeChecksum', details: { expected } };
  return { ok: true, value: code };
}

/** Whole years from `birthDate` to `on` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const MIN_AGE = 18;

/** Intake checks against the examples of docs/risk-and-collections.md, and bad ones. */
import { describe, expect, it } from 'vitest';
import { ageOn, checkCreditCode, checkIdNumber, checkPhone } from '../../src/customers/intake';

describe('resident ID number (GB 11643-1999)', () => {
  it('accepts the reference example and reads its facts', () => {
    const r = checkIdNumber('11010519491231002X', '2025-06-01');
    expect(r).toEqual({ ok: true, value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F', areaCode: '110105' } });
    // A lower-case x is the same check character.
    expect(checkIdNumber('11010519491231002x', '2025-06-01').ok).toBe(true);
  });
  it('rejects a wrong check character, naming the right one', () => {
    expect(checkIdNumber('110105194912310021', '2025-06-01')).toEqual({ ok: false, key: 'intake.idNumberChecksum', details: { expected: 'X' } });
  });
  it('rejects impossible or future birth dates', () => {
    expect(checkIdNumber('110105194902300023', '2025-06-01')).toMatchObject({ ok: false, key: 'intake.idNumberBirthDate' });
    expect(checkIdNumber('110105203001010011', '2025-06-01')).toMatchObject({ ok: false, key: 'intake.idNumberBirthDate' });
  });
  it('rejects the wrong shape', () => {
    for (const bad of ['', '11010519491231002', '1101051949123100XX', '11010519491231002Y', '110105 19491231002X']) {
      expect(checkIdNumber(bad, '2025-06-01')).toMatchObject({ ok: false, key: 'intake.idNumberFormat' });
    }
  });
});

describe('mainland mobile number', () => {
  it.each(['13812345678', '+8613812345678', '008619912345678', '138 1234 5678'])('accepts %s', (p) => {
    expect(checkPhone(p).ok).toBe(true);
  });
  it.each(['12812345678', '1381234567', '138123456789', '+85213812345678', 'abc'])('rejects %s', (p) => {
    expect(checkPhone(p)).toEqual({ ok: false, key: 'intake.phone' });
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the reference example', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });
  it('reports a wrong check character as its own case (an officer may override it)', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, key: 'intake.creditCodeChecksum', details: { expected: '3' } });
  });
  it('rejects letters the standard leaves out (I O Z S V) and the wrong length', () => {
    for (const bad of ['91350100M000100I43', '91350100M000100O43', '91350100M000100Z43', '91350100M000100S43', '91350100M000100V43', '91350100M000100Y4']) {
      expect(checkCreditCode(bad)).toMatchObject({ ok: false, key: 'intake.creditCodeFormat' });
    }
  });
});

describe('age', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2007-06-01', '2025-06-01')).toBe(18);
    expect(ageOn('2007-06-02', '2025-06-01')).toBe(17);
  });
});

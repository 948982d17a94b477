/**
 * The conduct rules, enforced: each refuses with a clear, typed message in both languages, and lets
 * through what the rule allows. Times are the debtor's local time (UTC+8 by default): 02:00Z is
 * 10:00 there, 15:30Z is 23:30.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './fixture';
import { inQuietHours } from '../../../src/collections/service';
import { DEFAULT_COLLECTIONS } from '../../../src/collections/settings';

let f: Fixture;
let k1: string;
let k2: string;

beforeEach(async () => {
  f = await fixture();
  f.customer('C1', '王小明', '11010519491231002X');
  f.contact('CT1', 'C1', '王大明', 'brother');
  f.customer('C2', '陈静', '110105199206150041');
  f.contact('CT2', 'C2', '陈母', 'mother');
  // Two late loans of the same borrower (one debtor, two cases), and another borrower's.
  f.loan('L1', 'C1', { oldest: '2025-05-10', outstanding: 500_000 });
  f.loan('L2', 'C1', { oldest: '2025-04-10', outstanding: 800_000 });
  f.loan('L3', 'C2', { oldest: '2025-05-20', outstanding: 300_000 });
  k1 = (await f.must('collections/open', { loanId: 'L1' })).id;
  k2 = (await f.must('collections/open', { loanId: 'L2' })).id;
});

afterEach(() => f.close());

const call = (caseId: string, extra: Record<string, unknown> = {}) => ({ caseId, channel: 'call', party: 'debtor', connected: true, outcome: 'promised', ...extra });

describe('quiet hours: no contact 22:00–08:00 without consent', () => {
  it('the window covers 22:00 up to 08:00', () => {
    for (const t of ['22:00', '23:59', '00:00', '07:59']) expect(inQuietHours(`2025-06-02T${t}`, DEFAULT_COLLECTIONS), t).toBe(true);
    for (const t of ['08:00', '12:00', '21:59']) expect(inQuietHours(`2025-06-02T${t}`, DEFAULT_COLLECTIONS), t).toBe(false);
  });

  it('refuses a call logged at 23:30 local, in both languages, and leaves nothing behind', async () => {
    f.at('2025-06-02T15:30:00.000Z');
    const before = f.db.prepare('SELECT (SELECT count(*) FROM collection_actions) + (SELECT count(*) FROM audit_log) AS n').get();
    const en = await f.call('collections/logContact', call(k1));
    expect(en).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.quietHours' } });
    if (!en.ok) expect(en.error.message).toBe('no contact between 22:00 and 08:00 (2025-06-02 23:30 is inside those hours): the borrower has not agreed to be contacted then. Record their consent first, or choose a time from 08:00 to 22:00');
    const zh = await f.call('collections/logContact', call(k1), 'collector', 'zh-CN');
    if (zh.ok) throw new Error('expected a refusal');
    expect(zh.error.message).toBe('22:00 至次日 08:00 不得联系借款人（2025-06-02 23:30 在此时段内），借款人未同意在此时段被联系。请先登记借款人的同意，或改在 08:00 至 22:00 之间联系');
    expect(f.db.prepare('SELECT (SELECT count(*) FROM collection_actions) + (SELECT count(*) FROM audit_log) AS n').get()).toEqual(before);
  });

  it('refuses an SMS or visit too, and a contact back-dated into the night; letters and notes are not contacts at a time', async () => {
    f.at('2025-06-02T15:30:00.000Z');
    for (const channel of ['sms', 'visit']) {
      expect(await f.call('collections/logContact', call(k1, { channel, connected: false, outcome: 'sent' }))).toMatchObject({ ok: false, error: { key: 'collections.quietHours' } });
    }
    expect(await f.call('collections/logContact', call(k1, { at: '2025-06-02T07:59' }))).toMatchObject({ ok: false, error: { key: 'collections.quietHours' } });
    expect(await f.call('collections/logContact', call(k1, { at: '2025-06-02T08:00' }))).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', call(k1, { at: '2025-06-02T21:59' }))).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', { caseId: k1, channel: 'letter', outcome: 'sent' })).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', { caseId: k1, channel: 'note', outcome: 'other', note: '客户称下周发工资' })).toMatchObject({ ok: true });
  });

  it('refuses planning a call at 22:00 or 07:30, allows 21:59 and 08:00', async () => {
    for (const at of ['2025-06-03T22:00', '2025-06-03T07:30']) {
      expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', at }), at).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.quietHours' } });
    }
    for (const at of ['2025-06-03T21:59', '2025-06-03T08:00']) expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', at }), at).toMatchObject({ ok: true });
  });

  it('allows it once the borrower\'s consent is on file (from the day it was given), and refuses again once withdrawn', async () => {
    f.at('2025-06-02T15:30:00.000Z');
    // Consent is recorded as given, never ahead of the business date.
    expect(await f.call('collections/consent', { caseId: k1, given: true, givenOn: '2025-06-03', how: '电话录音' })).toMatchObject({ ok: false, error: { key: 'collections.consentDate' } });
    expect(await f.call('collections/consent', { caseId: k1, given: true, givenOn: '2025-06-02' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await f.call('collections/consent', { caseId: k2, given: true, givenOn: '2025-06-01', how: '签署《夜间联系同意书》' })).toMatchObject({ ok: true });
    // Consent belongs to the borrower, whichever of their cases it was recorded on.
    expect(await f.call('collections/logContact', call(k1))).toMatchObject({ ok: true });
    expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', at: '2025-06-03T23:00' })).toMatchObject({ ok: true });
    const consent = f.db.prepare("SELECT given_date, how, recorded_by FROM contact_consents WHERE customer_id = 'C1' ORDER BY given_date").all();
    expect(consent).toEqual([{ given_date: '2025-06-01', how: '签署《夜间联系同意书》', recorded_by: f.users.collector }]);
    expect(await f.call('collections/consent', { caseId: k1, given: false })).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', call(k1, { connected: false, outcome: 'no-answer' }))).toMatchObject({ ok: false, error: { key: 'collections.quietHours' } });
    // Withdrawn, not deleted.
    expect(f.db.prepare("SELECT count(*) AS n FROM contact_consents WHERE customer_id = 'C1' AND withdrawn_at IS NOT NULL").get()).toEqual({ n: 1 });
  });

  it('a stricter window is a setting; a looser one is refused', async () => {
    const stricter = { ...DEFAULT_COLLECTIONS, quietHours: { from: '21:00', to: '09:00' } };
    expect(await f.call('settings/saveCollections', { settings: stricter }, 'manager')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const looser = await f.call('settings/saveCollections', { settings: { ...DEFAULT_COLLECTIONS, quietHours: { from: '23:00', to: '07:00' } } }, 'admin');
    // Refused even for an administrator, naming the setting at fault so the form can show it there.
    expect(looser).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'settings.invalid', fields: [{ field: 'quietHours' }] } });
    expect(await f.call('settings/saveCollections', { settings: stricter }, 'admin')).toMatchObject({ ok: true });
    f.at('2025-06-02T13:30:00.000Z'); // 21:30 local
    expect(await f.call('collections/logContact', call(k1))).toMatchObject({ ok: false, error: { key: 'collections.quietHours' } });
  });
});

describe('at most 3 connected calls a day to one debtor, all staff together', () => {
  it('refuses the 4th connected call of the day across different staff and cases, in both languages', async () => {
    expect(await f.call('collections/logContact', call(k1), 'collector')).toMatchObject({ ok: true });
    f.at('2025-06-02T03:00:00.000Z');
    expect(await f.call('collections/logContact', call(k2), 'collector2')).toMatchObject({ ok: true });
    f.at('2025-06-02T04:00:00.000Z');
    expect(await f.call('collections/logContact', call(k1), 'manager')).toMatchObject({ ok: true });
    f.at('2025-06-02T05:00:00.000Z');
    const en = await f.call('collections/logContact', call(k2), 'collector2');
    expect(en).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.callCap' } });
    if (!en.ok) expect(en.error.message).toBe('the debtor has already had 3 connected calls on 2025-06-02; at most 3 a day are allowed, all staff together. Try again tomorrow');
    const zh = await f.call('collections/logContact', call(k1), 'manager', 'zh-CN');
    if (zh.ok) throw new Error('expected a refusal');
    expect(zh.error.message).toBe('该债务人 2025-06-02 已接通 3 次电话；全部催收人员合计每日最多 3 次，请明日再联系');
    // An attempt that did not connect is not a connected call; nor is planning one for tomorrow.
    expect(await f.call('collections/logContact', call(k1, { connected: false, outcome: 'no-answer' }))).toMatchObject({ ok: true });
    expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', at: '2025-06-02T16:00' })).toMatchObject({ ok: false, error: { key: 'collections.callCap' } });
    expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', at: '2025-06-03T10:00' })).toMatchObject({ ok: true });
    // Another debtor is counted on their own.
    const k3 = (await f.must('collections/open', { loanId: 'L3' })).id;
    expect(await f.call('collections/logContact', call(k3))).toMatchObject({ ok: true });
    // The debtor's next local day starts at 16:00Z.
    f.at('2025-06-02T16:00:00.000Z');
    expect(await f.call('collections/logContact', call(k1, { at: '2025-06-03T08:30' }))).toMatchObject({ ok: false, error: { key: 'collections.timeInFuture' } });
    f.at('2025-06-03T01:00:00.000Z');
    expect(await f.call('collections/logContact', call(k1))).toMatchObject({ ok: true });
  });

  it('counts a call by the day it happened, even when logged later', async () => {
    f.at('2025-06-03T02:00:00.000Z');
    for (const at of ['2025-06-02T09:00', '2025-06-02T10:00', '2025-06-02T11:00']) expect(await f.call('collections/logContact', call(k1, { at }))).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', call(k2, { at: '2025-06-02T12:00' }))).toMatchObject({ ok: false, error: { key: 'collections.callCap' } });
    expect(await f.call('collections/logContact', call(k2))).toMatchObject({ ok: true });
  });
});

describe('contacts other than the debtor only when the debtor is unreachable', () => {
  const third = (caseId: string, extra: Record<string, unknown> = {}) =>
    ({ caseId, channel: 'call', party: 'contact', contactId: 'CT1', connected: true, outcome: 'callback', scriptAcknowledged: true, note: '请转告王小明回电', ...extra });
  const miss = (caseId: string, at: string) => f.call('collections/logContact', call(caseId, { connected: false, outcome: 'no-answer', at }));

  it('refuses a listed contact while the debtor is reachable, in both languages', async () => {
    const en = await f.call('collections/logContact', third(k1));
    expect(en).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.debtorReachable' } });
    if (!en.ok) expect(en.error.message).toContain('the last 3 calls or visits to the debtor, over at least 2 days, must all have failed (0 of the last 3 failed)');
    const zh = await f.call('collections/logContact', third(k1), 'collector', 'zh-CN');
    if (zh.ok) throw new Error('expected a refusal');
    expect(zh.error.message).toBe('只有在联系不上债务人时才能联系其他联系人：须最近 3 次对债务人的电话或上门、且跨至少 2 天均未接通（最近 3 次中未接通 0 次）');
    expect(await f.call('collections/schedule', { caseId: k1, channel: 'call', party: 'contact', contactId: 'CT1', at: '2025-06-03T10:00' })).toMatchObject({ ok: false, error: { key: 'collections.debtorReachable' } });
  });

  it('allows it once the last 3 attempts failed over 2 days, with the script acknowledged, and only for a listed contact', async () => {
    f.at('2025-06-03T02:00:00.000Z');
    // Three failed calls on one day are not yet "unreachable".
    for (const at of ['2025-06-02T09:00', '2025-06-02T10:00', '2025-06-02T11:00']) expect((await miss(k1, at)).ok).toBe(true);
    expect(await f.call('collections/logContact', third(k1))).toMatchObject({ ok: false, error: { key: 'collections.debtorReachable' } });
    // A fourth the next day, on the other loan's case: the last three now span two days.
    expect((await miss(k2, '2025-06-03T09:30')).ok).toBe(true);
    const noScript = await f.call('collections/logContact', third(k1, { scriptAcknowledged: false }));
    expect(noScript).toMatchObject({ ok: false, error: { code: 'RULE', key: 'collections.scriptRequired' } });
    expect(await f.call('collections/logContact', third(k1, { contactId: 'CT2' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'collections.contactNotListed' } });
    expect(await f.call('collections/logContact', third(k1, { contactId: undefined }))).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'collections.contactRequired' } });
    expect(await f.call('collections/logContact', third(k1, { channel: 'letter', connected: false }))).toMatchObject({ ok: false, error: { key: 'collections.contactChannel' } });
    const ok = await f.call('collections/logContact', third(k1));
    expect(ok).toMatchObject({ ok: true });
    expect(f.db.prepare("SELECT party, contact_id, contact_name, contact_relation, script_acknowledged FROM collection_actions WHERE party = 'contact'").all())
      .toEqual([{ party: 'contact', contact_id: 'CT1', contact_name: '王大明', contact_relation: 'brother', script_acknowledged: 1 }]);
    // Third-party calls do not use the debtor's connected calls.
    expect(await f.call('collections/logContact', third(k2))).toMatchObject({ ok: true });
    // Once the debtor answers, they are reachable again.
    expect(await f.call('collections/logContact', call(k1))).toMatchObject({ ok: true });
    expect(await f.call('collections/logContact', third(k1))).toMatchObject({ ok: false, error: { key: 'collections.debtorReachable' } });
  });

  it('the case page says where the limits stand', async () => {
    f.at('2025-06-02T15:30:00.000Z');
    const page = await f.must<{ conduct: Record<string, unknown>; allowedActions: string[] }>('collections/case', { id: k1 });
    expect(page.conduct).toMatchObject({ localTime: '2025-06-02T23:30', quietNow: true, consent: null, connectedCallsToday: 0, callsLeftToday: 3, debtorUnreachable: false });
    expect(page.allowedActions).toEqual(['logContact', 'schedule', 'promise', 'consent', 'assign', 'escalate']);
  });
});

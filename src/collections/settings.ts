/**
 * Collections policy: one versioned setting ('collections'). The conduct limits default to the NIFA
 * guideline and may be made stricter, never looser: the quiet hours always cover 22:00–08:00 and no
 * more than 3 connected calls a day may be allowed. How "unreachable" is judged, how far back a
 * contact may be logged, how far ahead a promise may run and how the queue weighs a case are the
 * lender's choice.
 */
import { z } from 'zod';
import type { SettingKey, SettingsStore } from '../settings/store';
import { DEFAULT_PRIORITY } from '../rules/lending';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const points = z.number().int().min(0).max(10_000);

export const collectionSettingsShape = z.strictObject({
  /** Minutes east of UTC of the borrowers' local time (China Standard Time: 480). */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  /** No call, SMS or visit from `from` to `to` (local time) without the borrower's consent on file. */
  quietHours: z
    .strictObject({ from: clock, to: clock })
    .refine((q) => q.from > q.to && q.from <= '22:00' && q.to >= '08:00', { message: 'quiet hours must cover at least 22:00–08:00' }),
  /** Connected calls a day to one debtor, all staff together (at most 3). */
  maxConnectedCallsPerDay: z.number().int().min(1).max(3),
  /**
   * A debtor is unreachable when their last `attempts` calls or visits were all not connected and
   * fell on at least `overDays` different days; only then may a listed contact be approached.
   */
  unreachable: z.strictObject({ attempts: z.number().int().min(2).max(20), overDays: z.number().int().min(1).max(30) }),
  /** A contact may be logged up to this many days after it happened. */
  logWithinDays: z.number().int().min(0).max(30),
  /** A promise to pay runs at most this many days from the business date. */
  maxPromiseDays: z.number().int().min(1).max(180),
  /** Queue priority: points per day past due, per 1,000 of outstanding principal, per broken promise, per day since the last contact (up to a cap). */
  priority: z.strictObject({
    perDayPastDue: points,
    perThousandOutstanding: points,
    perBrokenPromise: points,
    perDaySinceContact: points,
    contactDaysCap: z.number().int().min(0).max(365),
  }),
});
export type CollectionSettings = z.infer<typeof collectionSettingsShape>;

export const DEFAULT_COLLECTIONS: CollectionSettings = {
  utcOffsetMinutes: 480,
  quietHours: { from: '22:00', to: '08:00' },
  maxConnectedCallsPerDay: 3,
  unreachable: { attempts: 3, overDays: 2 },
  logWithinDays: 7,
  maxPromiseDays: 30,
  priority: { ...DEFAULT_PRIORITY },
};

export const SETTINGS_KEY = 'collections' satisfies SettingKey;

/** The policy in force and its version (0: the defaults, never saved). */
export async function collectionSettings(settings: SettingsStore): Promise<CollectionSettings & { version: number }> {
  const row = await settings.get(SETTINGS_KEY);
  if (!row) return { ...DEFAULT_COLLECTIONS, version: 0 };
  const parsed = collectionSettingsShape.safeParse(row.value);
  // A stored setting is validated on save; one that no longer parses falls back to the law's defaults.
  return { ...(parsed.success ? parsed.data : DEFAULT_COLLECTIONS), version: row.version };
}

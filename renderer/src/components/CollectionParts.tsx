/** Small pieces the collections and end-of-day screens share: buckets, case and promise states, as colour and word. */
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Tag } from 'antd';

/** Current green, early arrears amber, deeper arrears orange to red; the word always beside the colour. */
const BUCKET_COLOURS: Record<string, string> = {
  current: 'green',
  '1-30': 'gold',
  '31-60': 'orange',
  '61-90': 'volcano',
  '91-180': 'red',
  '181-360': 'red',
  '>360': 'magenta',
};

export function BucketTag({ bucket, testId }: { bucket: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={BUCKET_COLOURS[bucket] ?? 'default'} className="bucket-tag" data-testid={testId} data-bucket={bucket}>
      {wordFor(t, 'collections.buckets', bucket)}
    </Tag>
  );
}

/** Days past due with the bucket they put the loan in. */
export function DaysPastDue({ dpd, bucket, testId }: { dpd: number; bucket: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className="dpd" data-testid={testId} data-dpd={dpd}>
      <span className={`num dpd-days${dpd > 0 ? ' late' : ''}`}>{t('collections.dpdValue', { count: dpd })}</span>
      <BucketTag bucket={bucket} />
    </span>
  );
}

const CASE_COLOURS: Record<string, string> = { open: 'processing', legal: 'purple', closed: 'default' };

export function CaseStatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CASE_COLOURS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {wordFor(t, 'collections.caseStates', status)}
    </Tag>
  );
}

const PROMISE_COLOURS: Record<string, string> = { pending: 'gold', kept: 'green', broken: 'red' };

/** A promise to pay: pending amber, kept green, broken red. */
export function PromiseTag({ state, testId }: { state: string; testId?: string }) {
  const { t } = useTranslation();
  if (state === 'none') return <span className="muted" data-testid={testId} data-state={state}>{t('collections.promiseStates.none')}</span>;
  return (
    <Tag color={PROMISE_COLOURS[state] ?? 'default'} data-testid={testId} data-state={state}>
      {wordFor(t, 'collections.promiseStates', state)}
    </Tag>
  );
}

const CATEGORY_COLOURS: Record<string, string> = { normal: 'green', special: 'gold', substandard: 'orange', doubtful: 'red', loss: 'magenta' };

/** The five-category classification (五级分类). */
export function CategoryTag({ category }: { category: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CATEGORY_COLOURS[category] ?? 'default'} data-category={category}>
      {wordFor(t, 'eod.categories', category)}
    </Tag>
  );
}

/** A rung of the dunning ladder, in words. */
export function LadderStep({ step }: { step: string | null }) {
  const { t } = useTranslation();
  if (!step) return <span className="muted">—</span>;
  return <span>{wordFor(t, 'collections.ladder', step)}</span>;
}

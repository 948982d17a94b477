import { useApp } from '../stores/app';
import { formatMoney, formatPercent } from '../format';

/** An amount from the engine, formatted for the desk's locale, in tabular figures. */
export function Money({ value, testId }: { value: string; testId?: string }) {
  const lang = useApp((s) => s.lang);
  return (
    <span className="num" data-testid={testId}>
      {formatMoney(value, lang)}
    </span>
  );
}

export function Percent({ value, places = 4, testId }: { value: string; places?: number; testId?: string }) {
  const lang = useApp((s) => s.lang);
  return (
    <span className="num" data-testid={testId}>
      {formatPercent(value, lang, places)}
    </span>
  );
}

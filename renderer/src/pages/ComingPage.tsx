import { useTranslation } from 'react-i18next';
import { Button, Result } from 'antd';
import { useApp, type Page } from '../stores/app';

export function ComingPage({ page }: { page: Page }) {
  const { t } = useTranslation();
  const setPage = useApp((s) => s.setPage);
  return (
    <Result
      status="info"
      title={t('coming.title')}
      subTitle={t('coming.body', { section: t(`nav.${page}`) })}
      extra={<Button onClick={() => setPage('quote')}>{t('nav.quote')}</Button>}
    />
  );
}

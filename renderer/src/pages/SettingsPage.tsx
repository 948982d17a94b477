/**
 * The settings section: the origination policy, the scorecard in force, what documents print about
 * the lender, the one-year LPR table, and the black and white lists, each shown only to those whose
 * permissions reach it (the engine checks every call again).
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Result, Tabs } from 'antd';
import { useSession } from '../stores/session';
import { useSettings, type SettingsTab } from '../stores/settings';
import { PolicyTab } from './SettingsPolicy';
import { ScorecardTab } from './SettingsScorecard';
import { ListsTab } from './SettingsLists';
import { DocumentsTab } from './SettingsDocuments';
import { LprTab } from './SettingsLpr';

export function SettingsPage() {
  const { t } = useTranslation();
  const permissions = useSession((s) => s.permissions);
  const { tab, setTab, policy, loadPolicy } = useSettings();
  const readsSettings = permissions.includes('settings.read');
  const tabs: SettingsTab[] = [...(readsSettings ? (['policy', 'scorecard', 'documents', 'lpr'] as const) : []), ...(permissions.includes('lists.read') ? (['lists'] as const) : [])];
  useEffect(() => {
    if (readsSettings && !policy) void loadPolicy();
  }, [readsSettings, policy, loadPolicy]);
  if (tabs.length === 0) {
    return <Result status="info" title={t('settings.title')} subTitle={t('settings.nothing')} data-testid="settings-nothing" />;
  }
  const active = tab && tabs.includes(tab) ? tab : (tabs[0] as SettingsTab);
  return (
    <Tabs
      className="settings-tabs"
      data-testid="settings"
      activeKey={active}
      onChange={(key) => setTab(key as SettingsTab)}
      items={tabs.map((key) => ({
        key,
        label: <span data-testid={`settings-tab-${key}`}>{t(`settings.tabs.${key}`)}</span>,
        children: key === 'policy' ? <PolicyTab /> : key === 'scorecard' ? <ScorecardTab /> : key === 'documents' ? <DocumentsTab /> : key === 'lpr' ? <LprTab /> : <ListsTab />,
      }))}
    />
  );
}

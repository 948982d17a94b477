import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from './i18n/words';
import { ConfigProvider, Layout, Menu, Segmented, Space, Tag, Typography, theme } from 'antd';
import { AppstoreOutlined, AuditOutlined, CalculatorOutlined, FileTextOutlined, PhoneOutlined, SettingOutlined, BarChartOutlined, UserOutlined, CalendarOutlined, TeamOutlined, LogoutOutlined, SyncOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { PAGES, useApp, type Page } from './stores/app';
import { useQuote } from './stores/quote';
import { QuotePage } from './pages/QuotePage';
import { ComingPage } from './pages/ComingPage';
// The quote screen opens first; every other section loads when it is first opened, so the first
// screen's JavaScript stays small as the desk grows.
const CustomersPage = lazy(() => import('./pages/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const ApplicationsPage = lazy(() => import('./pages/ApplicationsPage').then((m) => ({ default: m.ApplicationsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const CollectionsPage = lazy(() => import('./pages/CollectionsPage').then((m) => ({ default: m.CollectionsPage })));
const LoansPage = lazy(() => import('./pages/LoansPage').then((m) => ({ default: m.LoansPage })));
import { SignInPage } from './pages/SignInPage';
import { BookChoicePage } from './pages/BookChoicePage';
import { useCan, useSession } from './stores/session';
import { useEod } from './stores/eod';
import { EodPanel } from './components/EodPanel';
import { Button, Spin, Tooltip } from 'antd';
import { formatLongDate } from './format';
import type { Lang } from './i18n';

const ICONS: Record<Page, React.ReactNode> = {
  quote: <CalculatorOutlined />,
  customers: <TeamOutlined />,
  applications: <FileTextOutlined />,
  loans: <AuditOutlined />,
  collections: <PhoneOutlined />,
  reports: <BarChartOutlined />,
  settings: <SettingOutlined />,
};

import { cspNonce as nonce } from './csp';

function Header() {
  const { t } = useTranslation();
  const { lang, setLang, info } = useApp();
  const { user, signOut } = useSession();
  // Until a book is open there is no business date to show: the clock's day would mislead.
  const bookOpen = useSession((s) => s.phase !== 'connect' && s.phase !== 'loading');
  const readsDay = useCan('eod.read');
  const setEodOpen = useEod((s) => s.setOpen);
  const eodRunning = useEod((s) => s.running);
  // While a large book is being checked after opening, look again every few seconds.
  useEffect(() => {
    if (info?.bookCheck !== 'checking') return;
    const timer = setInterval(() => void useApp.getState().loadInfo(), 3000);
    return () => clearInterval(timer);
  }, [info?.bookCheck]);
  return (
    <Layout.Header className="desk-header">
      <Space size={10} align="center">
        <span className="brand-mark">算</span>
        <Typography.Text strong className="brand">{t('app.title')}</Typography.Text>
        <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
      </Space>
      <Space size={24} align="center">
        {info?.bookCheck === 'checking' && <Tag color="processing" data-testid="book-check">{t('header.bookChecking')}</Tag>}
        {info?.bookCheck === 'damaged' && <Tag color="error" data-testid="book-check">{t('header.bookDamaged')}</Tag>}
        {info && bookOpen &&
          (readsDay ? (
            // The business date opens the end-of-day panel (Alt+D).
            <Tooltip title={t('header.endOfDay')} placement="bottom">
              <Button size="small" type="text" className="business-date-button" onClick={() => setEodOpen(true)} data-testid="open-eod" aria-keyshortcuts="Alt+D">
                <CalendarOutlined />
                <span data-testid="business-date" data-date={info.businessDate}>
                  {t('header.businessDate', { date: formatLongDate(info.businessDate, lang) })}
                </span>
                {eodRunning && <SyncOutlined spin className="eod-spinner" />}
              </Button>
            </Tooltip>
          ) : (
            <span data-testid="business-date" data-date={info.businessDate}>
              <CalendarOutlined /> {t('header.businessDate', { date: formatLongDate(info.businessDate, lang) })}
            </span>
          ))}
        {user && (
          <span data-testid="current-user">
            <UserOutlined /> {user.displayName} · {wordFor(t, 'auth.roles', user.role)}
          </span>
        )}
        {user && (
          <Button size="small" type="text" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
            {t('auth.signOut')}
          </Button>
        )}
        <Segmented<Lang>
          aria-label={t('header.language')}
          data-testid="language"
          size="small"
          value={lang}
          onChange={setLang}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'EN' },
          ]}
        />
      </Space>
    </Layout.Header>
  );
}

export function App() {
  const { t } = useTranslation();
  const { lang, page, setPage, setLang } = useApp();
  const phase = useSession((s) => s.phase);
  const compare = useQuote((s) => s.compare);

  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  }, [lang]);

  // Every section and the main actions are a keystroke away: Alt+1..7, Alt+L, Alt+C, Alt+D (end of day).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const index = Number(e.key) - 1;
      if (useSession.getState().phase !== 'ready') return;
      if (index >= 0 && index < PAGES.length) {
        e.preventDefault();
        setPage(PAGES[index] as Page);
      } else if (e.key.toLowerCase() === 'l') {
        e.preventDefault();
        setLang(useApp.getState().lang === 'zh-CN' ? 'en' : 'zh-CN');
      } else if (e.key.toLowerCase() === 'd' && useSession.getState().permissions.includes('eod.read')) {
        e.preventDefault();
        useEod.getState().setOpen(!useEod.getState().open);
      } else if (e.key.toLowerCase() === 'c' && useApp.getState().page === 'quote') {
        e.preventDefault();
        void compare();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPage, setLang, compare]);

  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      csp={nonce ? { nonce } : undefined}
      theme={{
        // Styles come from antd's prebuilt stylesheet (imported in main.tsx), not generated at start-up.
        zeroRuntime: true,
        algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
        token: {
          fontFamily: "'Noto Sans SC', 'Suanpan Sans', system-ui, sans-serif",
          colorPrimary: '#1f5fae',
          borderRadius: 4,
          fontSize: 13,
        },
      }}
    >
      <Layout className="desk">
        <Header />
        {phase === 'loading' && <Spin className="desk-loading" />}
        {phase === 'connect' && <BookChoicePage />}
        {(phase === 'setup' || phase === 'signin') && <SignInPage />}
        {phase === 'ready' && <Layout>
          <Layout.Sider width={184} theme="light" className="desk-sider">
            <Menu
              mode="inline"
              selectedKeys={[page]}
              onClick={({ key }) => setPage(key as Page)}
              items={PAGES.map((p, i) => ({
                key: p,
                icon: ICONS[p] ?? <AppstoreOutlined />,
                label: (
                  <span className="nav-item" data-testid={`nav-${p}`}>
                    {t(`nav.${p}`)}
                    <span className="shortcut">{t('nav.shortcut', { key: i + 1 })}</span>
                  </span>
                ),
              }))}
            />
          </Layout.Sider>
          <Layout.Content className="desk-content">
            <Suspense fallback={<Spin className="page-loading" />}>
              {page === 'quote' ? <QuotePage /> : page === 'customers' ? <CustomersPage /> : page === 'applications' ? <ApplicationsPage /> : page === 'settings' ? <SettingsPage /> : page === 'collections' ? <CollectionsPage /> : page === 'loans' ? <LoansPage /> : <ComingPage page={page} />}
            </Suspense>
          </Layout.Content>
          <EodPanel />
        </Layout>}
      </Layout>
    </ConfigProvider>
  );
}

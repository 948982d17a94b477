/** The applications section: the queue (oldest first), one application, and the new-application wizard. */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Button, Card, Empty, Flex, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useApplications, GRADES, QUEUE_STATES, type Grade, type QueueRow } from '../stores/applications';
import { useApp } from '../stores/app';
import { useSession } from '../stores/session';
import { GradeTag, ProblemAlert, StateTag, productName } from '../components/ApplicationParts';
import { Money } from '../components/Money';
import { daysBetween } from '../format';
import { ApplicationView } from './ApplicationView';
import { ApplicationWizard } from './ApplicationWizard';

/** Roles that take applications (the engine checks again on every call). */
const TAKES_APPLICATIONS = new Set(['officer', 'senior_approver', 'branch_manager']);

function Queue() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const businessDate = useApp((s) => s.info?.businessDate ?? null);
  const user = useSession((s) => s.user);
  const userId = user?.userId ?? null;
  const { filters, rows, next, loading, queueError, products, setFilters, load, loadProducts, open, startWizard } = useApplications();
  useEffect(() => {
    void load(userId);
    void loadProducts();
  }, [load, loadProducts, userId]);
  const columns: ColumnsType<QueueRow> = useMemo(() => {
    const product = new Map(products.map((p) => [p.id, productName(p, lang)]));
    return [
      {
        title: t('applications.number'),
        dataIndex: 'number',
        width: 150,
        render: (n: string, r) => (
          <a className="num" onClick={() => void open(r.id)} data-testid="application-row">
            {n}
          </a>
        ),
      },
      { title: t('applications.customer'), dataIndex: 'customerName', ellipsis: true },
      { title: t('applications.product'), dataIndex: 'productId', ellipsis: true, render: (id: string) => product.get(id) ?? id },
      { title: t('applications.amount'), dataIndex: 'amount', width: 130, align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('applications.term'), dataIndex: 'term', width: 84, align: 'right', render: (n: number) => <span className="num">{t('applications.months', { count: n })}</span> },
      { title: t('applications.state'), dataIndex: 'state', width: 110, render: (s: string) => <StateTag state={s} /> },
      {
        title: t('applications.grade'),
        key: 'grade',
        width: 96,
        render: (_: unknown, r) => (
          <Space size={4}>
            <GradeTag grade={r.grade} />
            {r.score !== null && <span className="num">{r.score}</span>}
          </Space>
        ),
      },
      { title: t('applications.requiredRole'), dataIndex: 'requiredRole', width: 110, render: (role: string | null) => (role ? wordFor(t, 'auth.roles', role) : '—') },
      { title: t('applications.officer'), dataIndex: 'officer', width: 110, ellipsis: true },
      {
        title: t('applications.waiting'),
        key: 'waiting',
        width: 80,
        align: 'right',
        render: (_: unknown, r) => (businessDate ? <span className="num">{t('applications.days', { count: Math.max(0, daysBetween(r.createdAt, businessDate)) })}</span> : null),
      },
    ];
  }, [t, lang, products, businessDate, open]);
  return (
    <Card
      size="small"
      title={t('applications.queue')}
      extra={
        user && TAKES_APPLICATIONS.has(user.role) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => startWizard()} data-testid="new-application">
            {t('applications.new')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Flex wrap gap={16} align="center" className="queue-filters">
          <Space size={6}>
            <label htmlFor="queue-state">{t('applications.filterState')}</label>
            <Select
              id="queue-state"
              data-testid="queue-state"
              style={{ width: 150 }}
              listHeight={400}
              value={filters.state}
              onChange={(state) => setFilters({ state }, userId)}
              options={QUEUE_STATES.map((s) => ({ value: s, label: s === 'open' ? t('applications.open') : t(`applications.states.${s}`) }))}
            />
          </Space>
          <Space size={6}>
            <label htmlFor="queue-grade">{t('applications.filterGrade')}</label>
            <Select
              id="queue-grade"
              style={{ width: 110 }}
              value={filters.grade ?? ''}
              onChange={(g: Grade | '') => setFilters({ grade: g === '' ? null : g }, userId)}
              options={[{ value: '', label: t('applications.anyGrade') }, ...GRADES.map((g) => ({ value: g, label: g }))]}
            />
          </Space>
          <Space size={6}>
            <label htmlFor="queue-days">{t('applications.filterDays')}</label>
            <Input id="queue-days" style={{ width: 64 }} inputMode="numeric" className="num-input" value={filters.minDays} onChange={(e) => setFilters({ minDays: e.target.value }, userId)} />
          </Space>
          <Space size={6}>
            <Switch id="queue-mine" size="small" checked={filters.mine} onChange={(mine) => setFilters({ mine }, userId)} />
            <label htmlFor="queue-mine">{t('applications.filterMine')}</label>
          </Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void load(userId)}>
            {t('applications.refresh')}
          </Button>
        </Flex>
        <ProblemAlert problem={queueError} />
        <Table<QueueRow>
          size="small"
          virtual
          loading={loading}
          rowKey="id"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 560 }}
          data-testid="queue"
          locale={{ emptyText: <Empty description={t('applications.empty')} /> }}
          onRow={(r) => ({ onDoubleClick: () => void open(r.id), onKeyDown: (e) => e.key === 'Enter' && void open(r.id), tabIndex: 0 })}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (next && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - 200) void load(userId, true);
          }}
        />
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('applications.rows', { count: rows.length })}</Typography.Text>
          {next && (
            <Button size="small" onClick={() => void load(userId, true)}>
              {t('applications.more')}
            </Button>
          )}
        </Flex>
      </Space>
    </Card>
  );
}

export function ApplicationsPage() {
  const { openId, detail, detailError } = useApplications();
  return (
    <>
      {openId ? detail ? <ApplicationView detail={detail} /> : <ProblemAlert problem={detailError} /> : <Queue />}
      <ApplicationWizard />
    </>
  );
}

/**
 * The book's one-year LPR table, newest first, with the rate in force on the business date and its
 * 4 × LPR line. Administrators add each month's published rate (in percent, as published), correct
 * one, and remove one they added by mistake (confirmed); the rates shipped with the program can be
 * corrected but not removed. Branch managers read it.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, DatePicker, Drawer, Flex, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { LPR_RATE_REFUSED, useSettings, type LprForm, type LprRow } from '../stores/settings';
import { ProblemAlert } from '../components/ApplicationParts';
import { formatPercent } from '../format';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function AddDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { lpr, lprSaving, lprSaveErrors, lprSaveError, saveLpr, clearLprSaveErrors } = useSettings();
  const businessDate = lpr?.businessDate ?? '';
  const empty: LprForm = { effectiveFrom: businessDate, percent: '' };
  const [entry, setEntry] = useState<LprForm>(empty);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  useEffect(() => {
    if (open) setEntry({ effectiveFrom: businessDate, percent: '' });
  }, [open, businessDate]);
  const update = (patch: Partial<LprForm>) => {
    setEntry({ ...entry, ...patch });
    clearLprSaveErrors();
    setMissing({});
  };
  const close = () => {
    setMissing({});
    clearLprSaveErrors();
    onClose();
  };
  const submit = async () => {
    const gaps = { effectiveFrom: !entry.effectiveFrom, percent: !entry.percent.trim() };
    if (gaps.effectiveFrom || gaps.percent) return setMissing(gaps);
    if (await saveLpr(entry)) close();
  };
  const error = (field: 'effectiveFrom' | 'oneYear') => {
    const refused = lprSaveErrors[field];
    if (refused === LPR_RATE_REFUSED) return t('settings.lpr.rateRefused');
    return refused ?? (missing[field === 'oneYear' ? 'percent' : field] ? t('settings.lpr.required') : undefined);
  };
  // Saving on a date the table already has corrects that rate: say so before it is saved.
  const kept = lpr?.rows.find((r) => r.effectiveFrom === entry.effectiveFrom);
  return (
    <Drawer open={open} size={440} title={t('settings.lpr.addTitle')} onClose={close} getContainer={overlayRoot} destroyOnHidden data-testid="lpr-add-drawer">
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('settings.lpr.effectiveFrom')} htmlFor="lpr-add-date" validateStatus={error('effectiveFrom') ? 'error' : undefined} help={error('effectiveFrom') ?? t('settings.lpr.dateHint')}>
          <DatePicker
            id="lpr-add-date"
            format="YYYY-MM-DD"
            style={{ width: '100%' }}
            value={entry.effectiveFrom ? dayjs(entry.effectiveFrom) : null}
            onChange={(d: dayjs.Dayjs | null) => update({ effectiveFrom: d ? d.format('YYYY-MM-DD') : '' })}
            disabledDate={(d) => (businessDate ? d.format('YYYY-MM-DD') > businessDate : false)}
            getPopupContainer={overlayRoot}
          />
        </Form.Item>
        <Form.Item label={t('settings.lpr.oneYear')} htmlFor="lpr-add-rate" validateStatus={error('oneYear') ? 'error' : undefined} help={error('oneYear') ?? t('settings.lpr.rateHint')}>
          <Input
            id="lpr-add-rate"
            className="num-input"
            inputMode="decimal"
            suffix="%"
            autoFocus
            autoComplete="off"
            maxLength={12}
            value={entry.percent}
            onChange={(e) => update({ percent: e.target.value })}
            onPressEnter={() => void submit()}
          />
        </Form.Item>
        {kept && <Alert className="policy-alert" type="warning" showIcon title={t('settings.lpr.corrects', { rate: formatPercent(kept.oneYear, lang, 2) })} data-testid="lpr-add-corrects" />}
        <ProblemAlert problem={lprSaveError} testId="lpr-add-error" />
        <Space className="drawer-buttons">
          <Button type="primary" loading={lprSaving} onClick={() => void submit()} data-testid="lpr-add-save">
            {t('settings.lpr.save')}
          </Button>
          <Button onClick={close}>{t('settings.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}

function RemoveModal({ row, onClose }: { row: LprRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { lprRemoving, lprRemoveError, removeLpr, clearLprRemoveError } = useSettings();
  useEffect(() => clearLprRemoveError(), [row, clearLprRemoveError]);
  const confirm = async () => {
    if (row && (await removeLpr(row.effectiveFrom))) onClose();
  };
  return (
    <Modal
      open={row !== null}
      title={t('settings.lpr.removeTitle')}
      okText={t('settings.lpr.remove')}
      cancelText={t('settings.cancel')}
      okButtonProps={{ danger: true, loading: lprRemoving, 'data-testid': 'lpr-remove-ok' } as ButtonProps}
      onOk={() => void confirm()}
      onCancel={onClose}
      getContainer={overlayRoot}
      destroyOnHidden
    >
      {row && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="lpr-remove">
          <Typography.Text>{t('settings.lpr.removeBody', { date: row.effectiveFrom, rate: formatPercent(row.oneYear, lang, 2) })}</Typography.Text>
          <ProblemAlert problem={lprRemoveError} testId="lpr-remove-error" />
        </Space>
      )}
    </Modal>
  );
}

export function LprTab() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const canManage = useCan('settings.manage');
  const { lpr, lprError, loadLpr } = useSettings();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<LprRow | null>(null);
  useEffect(() => {
    void loadLpr();
  }, [loadLpr]);
  const inForce = lpr?.inForce ?? null;
  const columns: ColumnsType<LprRow> = useMemo(
    () => [
      { title: t('settings.lpr.effectiveFrom'), dataIndex: 'effectiveFrom', width: 140, render: (d: string) => <span className="num">{d}</span> },
      {
        title: t('settings.lpr.oneYear'),
        dataIndex: 'oneYear',
        width: 140,
        align: 'right',
        render: (r: string) => (
          <span className="num" data-testid="lpr-rate">
            {formatPercent(r, lang, 2)}
          </span>
        ),
      },
      {
        title: t('settings.lpr.source'),
        key: 'source',
        render: (_: unknown, r: LprRow) => (
          <Space size={4}>
            <Tag color={r.shipped ? 'default' : 'blue'}>{r.shipped ? t('settings.lpr.shipped') : t('settings.lpr.added')}</Tag>
            {inForce?.effectiveFrom === r.effectiveFrom && <Tag color="green">{t('settings.lpr.current')}</Tag>}
          </Space>
        ),
      },
      ...(canManage
        ? [
            {
              title: '',
              key: 'actions',
              width: 96,
              render: (_: unknown, r: LprRow) =>
                r.shipped ? null : (
                  <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => setRemoving(r)} data-testid="lpr-remove-button">
                    {t('settings.lpr.remove')}
                  </Button>
                ),
            },
          ]
        : []),
    ],
    [t, lang, canManage, inForce],
  );
  return (
    <Card
      size="small"
      title={t('settings.lpr.title')}
      data-testid="lpr"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="lpr-add">
            {t('settings.lpr.add')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Typography.Paragraph type="secondary" className="card-hint">
          {t('settings.lpr.hint')}
        </Typography.Paragraph>
        {lpr && (
          <Flex wrap gap={8} align="center" justify="space-between">
            <Typography.Text strong data-testid="lpr-in-force">
              {inForce
                ? t('settings.lpr.inForce', { date: lpr.businessDate, from: inForce.effectiveFrom, rate: formatPercent(inForce.oneYear, lang, 2), line: formatPercent(inForce.line, lang, 2) })
                : t('settings.lpr.none', { date: lpr.businessDate })}
            </Typography.Text>
            <Space size={8}>
              {!canManage && <Typography.Text type="secondary">{t('settings.lpr.readOnly')}</Typography.Text>}
              <Button size="small" icon={<ReloadOutlined />} onClick={() => void loadLpr()}>
                {t('applications.refresh')}
              </Button>
            </Space>
          </Flex>
        )}
        <ProblemAlert problem={lprError} />
        <Table<LprRow>
          size="small"
          loading={!lpr && !lprError}
          rowKey="effectiveFrom"
          columns={columns}
          dataSource={lpr?.rows ?? []}
          pagination={false}
          scroll={{ y: 560 }}
          data-testid="lpr-table"
          onRow={(r) => ({ 'data-testid': 'lpr-row', 'data-date': r.effectiveFrom }) as React.HTMLAttributes<HTMLElement>}
        />
        {lpr && <Typography.Text type="secondary">{t('settings.lpr.rows', { count: lpr.rows.length })}</Typography.Text>}
      </Space>
      <AddDrawer open={adding} onClose={() => setAdding(false)} />
      <RemoveModal row={removing} onClose={() => setRemoving(null)} />
    </Card>
  );
}

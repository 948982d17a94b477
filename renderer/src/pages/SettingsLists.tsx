/**
 * The black and white lists: active entries newest first (a page at a time), a lookup of one ID
 * number, phone or credit code, and for those who manage the lists, adding an entry with its reason
 * and taking one off with a reason (confirmed). Values are shown in full: only roles that may see
 * them reach this tab.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Drawer, Empty, Flex, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { ButtonProps } from 'antd';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { LIST_KINDS, LIST_NAMES, LIST_VALUE_REFUSED, useSettings, type ListEntryForm, type ListKind, type ListRow } from '../stores/settings';
import { ProblemAlert } from '../components/ApplicationParts';
import { formatDateTime } from '../format';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

export function ListTag({ list }: { list: ListRow['list'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={list === 'black' ? 'red' : 'green'} data-list={list}>
      {t(`settings.lists.names.${list}`)}
    </Tag>
  );
}

function AddDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { adding, addErrors, addError, addEntry, clearAddErrors } = useSettings();
  const empty: ListEntryForm = { list: 'black', kind: 'phone', value: '', reason: '' };
  const [entry, setEntry] = useState<ListEntryForm>(empty);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const update = (patch: Partial<ListEntryForm>) => {
    setEntry({ ...entry, ...patch });
    clearAddErrors();
    setMissing({});
  };
  const close = () => {
    setEntry(empty);
    setMissing({});
    clearAddErrors();
    onClose();
  };
  const submit = async () => {
    const gaps = { value: !entry.value.trim(), reason: !entry.reason.trim() };
    if (gaps.value || gaps.reason) return setMissing(gaps);
    if (await addEntry(entry)) close();
  };
  const error = (field: 'value' | 'reason') => {
    const refused = addErrors[field];
    if (refused === LIST_VALUE_REFUSED) return t('settings.lists.invalidValue', { kind: t(`settings.lists.kinds.${entry.kind}`) });
    return refused ?? (missing[field] ? t('settings.lists.required') : undefined);
  };
  return (
    <Drawer open={open} size={440} title={t('settings.lists.addTitle')} onClose={close} getContainer={overlayRoot} destroyOnHidden data-testid="list-add-drawer">
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('settings.lists.list')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={entry.list}
            onChange={(e) => update({ list: e.target.value as ListEntryForm['list'] })}
            options={LIST_NAMES.map((l) => ({ value: l, label: t(`settings.lists.names.${l}`) }))}
            data-testid="list-add-list"
          />
        </Form.Item>
        <Form.Item label={t('settings.lists.kind')} htmlFor="list-add-kind">
          <Select id="list-add-kind" value={entry.kind} onChange={(kind: ListKind) => update({ kind })} options={LIST_KINDS.map((k) => ({ value: k, label: t(`settings.lists.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('settings.lists.value')} htmlFor="list-add-value" validateStatus={error('value') ? 'error' : undefined} help={error('value')}>
          <Input id="list-add-value" className="num-code" autoFocus autoComplete="off" maxLength={40} value={entry.value} onChange={(e) => update({ value: e.target.value })} onPressEnter={() => void submit()} />
        </Form.Item>
        <Form.Item label={t('settings.lists.reason')} htmlFor="list-add-reason" validateStatus={error('reason') ? 'error' : undefined} help={error('reason') ?? t('settings.lists.reasonHint')}>
          <Input.TextArea id="list-add-reason" rows={3} maxLength={500} value={entry.reason} onChange={(e) => update({ reason: e.target.value })} />
        </Form.Item>
        <ProblemAlert problem={addError} testId="list-add-error" />
        <Space className="drawer-buttons">
          <Button type="primary" loading={adding} onClick={() => void submit()} data-testid="list-add-save">
            {t('settings.lists.add')}
          </Button>
          <Button onClick={close}>{t('settings.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}

function RemoveModal({ row, onClose }: { row: ListRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { removing, removeError, removeEntry, clearRemoveError } = useSettings();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    setReason('');
    setMissing(false);
    clearRemoveError();
  }, [row, clearRemoveError]);
  const confirm = async () => {
    if (!row) return;
    if (!reason.trim()) return setMissing(true);
    if (await removeEntry(row.id, reason)) onClose();
  };
  return (
    <Modal
      open={row !== null}
      title={t('settings.lists.removeTitle')}
      okText={t('settings.lists.remove')}
      cancelText={t('settings.cancel')}
      okButtonProps={{ danger: true, loading: removing, 'data-testid': 'list-remove-ok' } as ButtonProps}
      onOk={() => void confirm()}
      onCancel={onClose}
      getContainer={overlayRoot}
      destroyOnHidden
    >
      {row && (
        <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="list-remove">
          <div>
            <ListTag list={row.list} /> {t(`settings.lists.kinds.${row.kind}`)} <span className="num">{row.value}</span>
          </div>
          <Typography.Text type="secondary">{t('settings.lists.removeBody', { reason: row.reason })}</Typography.Text>
          <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
            <Form.Item label={t('settings.lists.removeReason')} htmlFor="list-remove-reason" validateStatus={missing ? 'error' : undefined} help={missing ? t('settings.lists.required') : undefined}>
              <Input.TextArea id="list-remove-reason" rows={2} maxLength={500} autoFocus value={reason} onChange={(e) => (setReason(e.target.value), setMissing(false))} />
            </Form.Item>
          </Form>
          <ProblemAlert problem={removeError} testId="list-remove-error" />
        </Space>
      )}
    </Modal>
  );
}

export function ListsTab() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const canManage = useCan('lists.manage');
  const { rows, next, listsLoading, listsError, lookup, loadLists, setLookup } = useSettings();
  const [kind, setKind] = useState<ListKind>(lookup?.kind ?? 'phone');
  const [value, setValue] = useState(lookup?.value ?? '');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ListRow | null>(null);
  useEffect(() => {
    void loadLists();
  }, [loadLists]);
  const search = () => {
    const v = value.trim().replace(/[\s-]/g, '');
    setLookup(v ? { kind, value: v } : null);
  };
  const clear = () => {
    setValue('');
    setLookup(null);
  };
  const columns: ColumnsType<ListRow> = useMemo(
    () => [
      { title: t('settings.lists.list'), dataIndex: 'list', width: 84, render: (l: ListRow['list']) => <ListTag list={l} /> },
      { title: t('settings.lists.kind'), dataIndex: 'kind', width: 130, render: (k: ListKind) => t(`settings.lists.kinds.${k}`) },
      { title: t('settings.lists.value'), dataIndex: 'value', width: 200, render: (v: string) => <span className="num" data-testid="list-value">{v}</span> },
      { title: t('settings.lists.reason'), dataIndex: 'reason', ellipsis: true },
      { title: t('settings.lists.addedAt'), dataIndex: 'addedAt', width: 136, render: (at: string) => <span className="num">{formatDateTime(at, lang)}</span> },
      { title: t('settings.lists.addedBy'), dataIndex: 'addedBy', width: 140, ellipsis: true, render: (n: string | null) => n ?? '—' },
      ...(canManage
        ? [
            {
              title: '',
              key: 'actions',
              width: 84,
              render: (_: unknown, r: ListRow) => (
                <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => setRemoving(r)} data-testid="list-remove-button">
                  {t('settings.lists.remove')}
                </Button>
              ),
            },
          ]
        : []),
    ],
    [t, lang, canManage],
  );
  return (
    <Card
      size="small"
      title={t('settings.lists.title')}
      data-testid="lists"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="list-add">
            {t('settings.lists.add')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Flex wrap gap={8} align="center" className="queue-filters">
          <label htmlFor="list-lookup-value">{t('settings.lists.lookup')}</label>
          <Select aria-label={t('settings.lists.kind')} style={{ width: 150 }} value={kind} onChange={setKind} options={LIST_KINDS.map((k) => ({ value: k, label: t(`settings.lists.kinds.${k}`) }))} data-testid="list-lookup-kind" />
          <Input
            id="list-lookup-value"
            className="num-code"
            style={{ width: 240 }}
            allowClear
            autoComplete="off"
            value={value}
            onChange={(e) => (e.target.value ? setValue(e.target.value) : clear())}
            onPressEnter={search}
            data-testid="list-lookup-value"
          />
          <Button icon={<SearchOutlined />} onClick={search} data-testid="list-lookup">
            {t('settings.lists.find')}
          </Button>
          {lookup && <Button onClick={clear}>{t('settings.lists.showAll')}</Button>}
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void loadLists()}>
            {t('applications.refresh')}
          </Button>
        </Flex>
        <ProblemAlert problem={listsError} />
        <Table<ListRow>
          size="small"
          virtual
          loading={listsLoading}
          rowKey="id"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 560 }}
          data-testid="list-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={lookup ? t('settings.lists.notListed') : t('settings.lists.empty')} /> }}
          onRow={(r) => ({ 'data-testid': 'list-row', 'data-value': r.value }) as React.HTMLAttributes<HTMLElement>}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (next && !listsLoading && el.scrollTop + el.clientHeight > el.scrollHeight - 200) void loadLists(true);
          }}
        />
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('settings.lists.rows', { count: rows.length })}</Typography.Text>
          {next && (
            <Button size="small" onClick={() => void loadLists(true)}>
              {t('applications.more')}
            </Button>
          )}
        </Flex>
      </Space>
      <AddDrawer open={adding} onClose={() => setAdding(false)} />
      <RemoveModal row={removing} onClose={() => setRemoving(null)} />
    </Card>
  );
}

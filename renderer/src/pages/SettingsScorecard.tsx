/**
 * The scorecard in force, as tables: its scaling, the lowest score of each grade, and every
 * characteristic with its bands and points and the reason given when points are lost there; then the
 * versions stored. Administrators import a new model from a JSON file (the engine checks it and puts
 * it in force).
 */
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { useSettings, type Scorecard, type StoredScorecard } from '../stores/settings';
import { GradeTag, ProblemAlert } from '../components/ApplicationParts';
import { formatDateTime } from '../format';
import type { Lang } from '../i18n';

type Characteristic = Scorecard['characteristics'][number];
type Bin = Characteristic['bins'][number];
type Words = { zh: string; en: string };

const words = (w: Words, lang: Lang): string => (lang === 'zh-CN' ? w.zh : w.en);
const number = (n: number, lang: Lang): string => new Intl.NumberFormat(lang, { maximumFractionDigits: 6 }).format(n);

/** The values a band takes, exactly as the model says: [min, max), categories, or missing. */
function BinCondition({ bin }: { bin: Bin }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  if (bin.missing) return <Typography.Text type="secondary">{t('settings.scorecard.missing')}</Typography.Text>;
  if (bin.values) return <span className="num">{bin.values.join(t('applications.listSeparator'))}</span>;
  const lo = bin.min === undefined ? null : number(bin.min, lang);
  const hi = bin.max === undefined ? null : number(bin.max, lang);
  const text = lo !== null && hi !== null ? `[${lo}, ${hi})` : lo !== null ? `≥ ${lo}` : hi !== null ? `< ${hi}` : t('settings.scorecard.any');
  return <span className="num">{text}</span>;
}

function CharacteristicCard({ c }: { c: Characteristic }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const best = Math.max(...c.bins.map((b) => b.points));
  const trained = c.bins.some((b) => b.woe !== undefined);
  const columns: ColumnsType<Bin> = [
    { title: t('settings.scorecard.band'), key: 'label', render: (_: unknown, b) => words(b.label, lang) },
    { title: t('settings.scorecard.condition'), key: 'condition', width: 130, render: (_: unknown, b) => <BinCondition bin={b} /> },
    {
      title: t('settings.scorecard.points'),
      dataIndex: 'points',
      width: 72,
      align: 'right',
      render: (p: number) => <span className={p === best ? 'num best-points' : 'num'}>{p}</span>,
    },
    ...(trained ? [{ title: t('settings.scorecard.woe'), dataIndex: 'woe', width: 80, align: 'right' as const, render: (w: number | undefined) => (w === undefined ? '—' : <span className="num">{number(w, lang)}</span>) }] : []),
  ];
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <span>{words(c.label, lang)}</span>
          <Typography.Text type="secondary" className="num characteristic-key">
            {c.key}
          </Typography.Text>
        </Space>
      }
      extra={<span className="num">{t('settings.scorecard.maxPoints', { points: best })}</span>}
      data-testid={`characteristic-${c.key}`}
    >
      <Table<Bin> size="small" rowKey={(_, i) => String(i)} pagination={false} columns={columns} dataSource={c.bins} />
      <div className="reason-line">
        <Typography.Text type="secondary">{t('settings.scorecard.reason')}</Typography.Text> {words(c.reason, lang)}
      </div>
    </Card>
  );
}

function ModelCard({ model }: { model: Scorecard }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const bounds = model.grades.map((g, i) => ({ grade: g.grade, from: g.minScore, below: i > 0 ? (model.grades[i - 1]?.minScore ?? null) : null }));
  const lowest = model.grades.at(-1)?.minScore ?? 0;
  const rows = [...bounds, { grade: 'E' as const, from: null, below: lowest }];
  const max = model.characteristics.reduce((sum, c) => sum + Math.max(...c.bins.map((b) => b.points)), 0);
  return (
    <Card size="small" title={t('settings.scorecard.inForce', { name: model.name, version: model.version })} data-testid="scorecard-in-force">
      <Typography.Paragraph className="card-hint">{words(model.description, lang)}</Typography.Paragraph>
      <Row gutter={[16, 8]}>
        <Col xs={24} lg={12}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'base', label: t('settings.scorecard.base'), children: <span className="num">{number(model.scaling.base, lang)}</span> },
              { key: 'odds', label: t('settings.scorecard.baseOdds'), children: <span className="num">{t('settings.scorecard.odds', { odds: number(model.scaling.baseOdds, lang) })}</span> },
              { key: 'pdo', label: t('settings.scorecard.pdo'), children: <span className="num">{number(model.scaling.pdo, lang)}</span> },
              { key: 'max', label: t('settings.scorecard.maxScore'), children: <span className="num">{max}</span> },
              ...Object.entries(model.training ?? {}).map(([k, v]) => ({ key: `training-${k}`, label: t('settings.scorecard.training', { key: k }), children: <span className="num">{typeof v === 'number' ? number(v, lang) : v}</span> })),
            ]}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Table
            size="small"
            rowKey="grade"
            pagination={false}
            data-testid="grade-bounds"
            dataSource={rows}
            columns={[
              { title: t('settings.scorecard.grade'), dataIndex: 'grade', width: 70, render: (g: string) => <GradeTag grade={g} /> },
              {
                title: t('settings.scorecard.scores'),
                key: 'range',
                render: (_: unknown, r: (typeof rows)[number]) => (
                  <span className="num">
                    {r.from === null ? t('settings.scorecard.below', { score: r.below }) : r.below === null ? t('settings.scorecard.atLeast', { score: r.from }) : t('settings.scorecard.between', { from: r.from, to: r.below - 1 })}
                  </span>
                ),
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

function StoredVersions({ rows }: { rows: StoredScorecard[] }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const columns: ColumnsType<StoredScorecard> = [
    { title: t('settings.scorecard.name'), dataIndex: 'name', render: (n: string) => <span className="num">{n}</span> },
    { title: t('settings.scorecard.version'), dataIndex: 'version', width: 80, align: 'right', render: (v: number) => <span className="num">{v}</span> },
    { title: t('settings.scorecard.status'), dataIndex: 'active', width: 100, render: (a: number) => (a ? <Tag color="green">{t('settings.scorecard.active')}</Tag> : <Tag>{t('settings.scorecard.inactive')}</Tag>) },
    { title: t('settings.scorecard.importedAt'), dataIndex: 'created_at', width: 150, render: (at: string) => <span className="num">{formatDateTime(at, lang)}</span> },
    { title: t('settings.scorecard.importedBy'), dataIndex: 'created_by_name', width: 160, render: (n: string | null) => n ?? '—' },
  ];
  return (
    <Table<StoredScorecard>
      size="small"
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid="scorecard-versions"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.scorecard.noneStored')} /> }}
    />
  );
}

export function ScorecardTab() {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const { policy, policyError, importing, importError, imported, importModel } = useSettings();
  if (!policy) return <ProblemAlert problem={policyError} />;
  const model = policy.scorecard;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="scorecard">
      <ModelCard model={model} />
      <Row gutter={[8, 8]}>
        {model.characteristics.map((c) => (
          <Col key={c.key} xs={24} xl={12} xxl={8}>
            <CharacteristicCard c={c} />
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={t('settings.scorecard.stored')}
        extra={
          canManage && (
            <Upload
              showUploadList={false}
              accept=".json,application/json"
              beforeUpload={async (file) => {
                await importModel(await file.text(), (reason) => t('settings.scorecard.notJson', { reason }));
                return false;
              }}
            >
              <Button type="primary" icon={<ImportOutlined />} loading={importing} data-testid="scorecard-import">
                {t('settings.scorecard.import')}
              </Button>
            </Upload>
          )
        }
      >
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {canManage && <Typography.Text type="secondary">{t('settings.scorecard.importHint')}</Typography.Text>}
          {imported && <Alert type="success" showIcon title={t('settings.scorecard.imported', imported)} data-testid="scorecard-imported" />}
          <ProblemAlert problem={importError} testId="scorecard-import-error" />
          <StoredVersions rows={policy.scorecards} />
        </Space>
      </Card>
    </Space>
  );
}

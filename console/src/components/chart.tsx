import type { StatsSeries } from '../../../shared';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

const W = 720;
const H = 180;
const PAD = 24;

/**
 * Events received and delivery outcomes per bucket as bars (received beside delivered + failed stacked),
 * with the same numbers in a table for screen readers.
 */
export function Chart({ series }: { series: StatsSeries }) {
  const { t, lang } = useI18n();
  const buckets = series.buckets;
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.received, b.delivered + b.failed)));
  const slot = (W - PAD) / Math.max(1, buckets.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => (n / max) * (H - PAD);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-legend" preserveAspectRatio="none">
        <title id="chart-title">{t('chartTitle')}</title>
        <line x1={PAD} y1={H - PAD} x2={W} y2={H - PAD} class="axis" />
        <text x={2} y={12} class="tick">
          {max}
        </text>
        <text x={2} y={H - PAD} class="tick">
          0
        </text>
        {buckets.map((b, i) => {
          const x = PAD + i * slot;
          const base = H - PAD;
          return (
            <g key={b.start}>
              <rect x={x} y={base - y(b.received)} width={bar} height={y(b.received)} class="bar-received" />
              <rect x={x + bar + 1} y={base - y(b.delivered)} width={bar} height={y(b.delivered)} class="bar-delivered" />
              <rect x={x + bar + 1} y={base - y(b.delivered) - y(b.failed)} width={bar} height={y(b.failed)} class="bar-failed" />
            </g>
          );
        })}
      </svg>
      <figcaption id="chart-legend" class="legend">
        <span class="key key-received">{t('received')}</span>
        <span class="key key-delivered">{t('delivered')}</span>
        <span class="key key-failed">{t('failed')}</span>
        <span class="muted">
          {formatTime(buckets[0]?.start, lang)} – {formatTime(new Date().toISOString(), lang)}
        </span>
      </figcaption>
      <div class="visually-hidden">
        <table>
          <caption>{t('chartTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bucket')}</th>
              <th scope="col">{t('received')}</th>
              <th scope="col">{t('delivered')}</th>
              <th scope="col">{t('failed')}</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.start}>
                <th scope="row">{formatTime(b.start, lang)}</th>
                <td>{b.received}</td>
                <td>{b.delivered}</td>
                <td>{b.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

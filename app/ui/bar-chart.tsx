/**
 * A monthly bar chart drawn on the server as SVG: no JavaScript, crisp at any
 * width, readable on a 360 px phone. It is an image with a text title for
 * screen readers (role="img"); the exact numbers are always in the table the
 * page puts beside it, so the chart may round and abbreviate.
 */
export interface Bar {
  /** A short label under the bar ("11", "Nov"). */
  label: string;
  value: number;
  /** The value as the reader should see it above the bar ("12 500 ₸"); left out when the bars are narrow. */
  valueLabel: string;
}

const WIDTH = 360;
const HEIGHT = 200;
const TOP = 18;
const BOTTOM = 22;
const SIDE = 4;

export function BarChart({ id, title, bars }: { id: string; title: string; bars: readonly Bar[] }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const slot = bars.length > 0 ? (WIDTH - 2 * SIDE) / bars.length : 0;
  const barWidth = Math.max(2, slot * 0.7);
  const plot = HEIGHT - TOP - BOTTOM;
  // Value labels fit above bars only when there is room for them (≈ 6 px a character at 10 px).
  const showValues = bars.every((b) => b.valueLabel.length * 6 <= slot);
  // With many narrow bars, every second label keeps them from running into each other.
  const labelEvery = bars.some((b) => b.label.length * 6.5 > slot) ? 2 : 1;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <line x1={SIDE} y1={HEIGHT - BOTTOM} x2={WIDTH - SIDE} y2={HEIGHT - BOTTOM} stroke="#5b655f" strokeWidth="1" />
        {bars.map((bar, i) => {
          const height = max > 0 ? Math.round((bar.value / max) * plot) : 0;
          const x = SIDE + i * slot + (slot - barWidth) / 2;
          const y = HEIGHT - BOTTOM - height;
          const center = SIDE + i * slot + slot / 2;
          return (
            <g key={`${bar.label}-${i}`}>
              {height > 0 ? <rect x={x.toFixed(1)} y={y} width={barWidth.toFixed(1)} height={height} fill="#0b6e4f" rx="1" /> : null}
              {showValues && bar.value > 0 ? (
                <text x={center.toFixed(1)} y={y - 4} textAnchor="middle" fontSize="10" fill="#1d2420">
                  {bar.valueLabel}
                </text>
              ) : null}
              {i % labelEvery === 0 ? (
                <text x={center.toFixed(1)} y={HEIGHT - 6} textAnchor="middle" fontSize="11" fill="#5b655f">
                  {bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{title}</figcaption>
    </figure>
  );
}

/** Colours of variations 0, 1, 2… in every chart (distinguishable, also in the legend's text). */
export const VARIATION_COLOURS = ['#2563eb', '#f59e0b', '#10b981', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626'];

export function colourOf(variation: number | null): string {
  return variation === null ? '#9ca3af' : VARIATION_COLOURS[variation % VARIATION_COLOURS.length];
}

/**
 * A small bar chart of counts over time (e.g. evaluations per minute of the last hour). The
 * accessible name states the total, so the chart is not the only way to read it.
 */
export function Sparkline({ counts, label, width = 120, height = 24 }: { counts: readonly number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...counts);
  const barWidth = width / Math.max(1, counts.length);
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} stroke="#d1d5db" />
      {counts.map((count, i) =>
        count > 0 ? (
          <rect key={i} x={i * barWidth} y={height - (count / max) * height} width={Math.max(1, barWidth - 0.5)} height={(count / max) * height} fill="#2563eb" />
        ) : null,
      )}
    </svg>
  );
}

/** One bar of a stacked chart: a time bucket and the count per variation. */
export interface StackedBar {
  readonly start: number;
  readonly end: number;
  readonly parts: readonly { readonly variation: number | null; readonly count: number }[];
}

/**
 * Evaluations per variation over time, stacked, each bucket placed at its time within
 * `from`…`to`; with a legend in text.
 */
export function StackedBars({ bars, from, to, label, names, height = 160 }: { bars: readonly StackedBar[]; from: number; to: number; label: string; names: (variation: number | null) => string; height?: number }) {
  const width = 600;
  const span = Math.max(1, to - from);
  const max = Math.max(1, ...bars.map((bar) => bar.parts.reduce((sum, part) => sum + part.count, 0)));
  const variations = [...new Set(bars.flatMap((bar) => bar.parts.map((part) => part.variation)))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={label} preserveAspectRatio="none">
        <title>{label}</title>
        {bars.map((bar) => {
          const x = ((Math.max(bar.start, from) - from) / span) * width;
          const w = Math.max(2, ((Math.min(bar.end, to) - Math.max(bar.start, from)) / span) * width - 1);
          let y = height;
          return bar.parts.map((part) => {
            const h = (part.count / max) * height;
            y -= h;
            return <rect key={`${bar.start}-${part.variation}`} x={x} y={y} width={w} height={h} fill={colourOf(part.variation)} />;
          });
        })}
        <line x1="0" y1={height + 0.5} x2={width} y2={height + 0.5} stroke="#9ca3af" />
        <text x="2" y={height + 16} font-size="12" fill="#4b5563">{time(from)}</text>
        <text x={width - 2} y={height + 16} font-size="12" fill="#4b5563" text-anchor="end">{time(to)}</text>
      </svg>
      <figcaption class="legend">
        <span class="muted">peak {max.toLocaleString('en')} per bucket ·</span>
        {variations.map((variation) => (
          <span key={String(variation)}>
            <span class="swatch" style={{ background: colourOf(variation) }} aria-hidden="true" /> {names(variation)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A horizontal bar split by share (e.g. 30 % / 70 %), with the numbers in text. */
export function ShareBar({ parts, label }: { parts: readonly { readonly variation: number | null; readonly percent: number; readonly text: string }[]; label: string }) {
  return (
    <div class="share" role="img" aria-label={label}>
      {parts.map((part) => (
        <span key={String(part.variation)} style={{ width: `${part.percent}%`, background: colourOf(part.variation) }} title={part.text} />
      ))}
    </div>
  );
}

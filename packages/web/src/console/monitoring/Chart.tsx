/**
 * One chart, drawn by ECharts once its code has loaded. SVG, so it stays sharp when printed; redrawn
 * whenever its box changes size, printing included. The chart is an image to screen readers,
 * labelled with what it shows; the exact numbers are in the table the figure puts beside it.
 */

import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';

export interface MapSource {
  name: string;
  geoJSON: unknown;
}

export function Chart({
  option,
  label,
  height = 280,
  map,
}: {
  option: Record<string, unknown>;
  label: string;
  height?: number;
  map?: MapSource;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let live = true;
    let chart: { resize(): void; dispose(): void } | null = null;
    let draw: (() => void) | null = null;
    const hasSize = () => el.clientWidth > 0 && el.clientHeight > 0;
    // Drawn only once the element has a size (a map laid out at zero width cannot be drawn), and
    // redrawn whenever its size changes: window resizes, the grid reflowing, print layout.
    const observer = new ResizeObserver(() => {
      if (!hasSize()) return;
      if (chart) chart.resize();
      else draw?.();
    });
    const resize = () => hasSize() && chart?.resize();
    import('./echarts-setup.js')
      .then(({ echarts }) => {
        if (!live) return;
        draw = () => {
          draw = null;
          // biome-ignore lint/suspicious/noExplicitAny: GeoJSON from our own API, checked on import
          if (map) echarts.registerMap(map.name, map.geoJSON as any);
          const c = echarts.init(el, null, { renderer: 'svg' });
          c.setOption(option);
          chart = c;
        };
        if (hasSize()) draw();
      })
      .catch(() => setFailed(true));
    observer.observe(el);
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      live = false;
      draw = null;
      observer.disconnect();
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      chart?.dispose();
    };
  }, [option, map]);
  if (failed) return <p className="chart chart--failed">{t('dashboard.chartFailed')}</p>;
  // The label sits on a wrapper: ECharts writes its own (English) aria-label on the element it draws in.
  return (
    <div role="img" aria-label={label}>
      <div ref={ref} className="chart" style={{ height }} />
    </div>
  );
}

/** Charts as SVG, drawn by ECharts on the server (no browser): the PDF report and print share them. */

import * as echarts from 'echarts';

export interface BarSeries {
  name: string;
  values: number[];
}

/** Drawn at the size it is placed at in the PDF (points), so nothing is cropped or scaled. */
function render(option: echarts.EChartsCoreOption, width = 500, height = 230): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'DejaVu Sans, Helvetica, sans-serif' },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function barChart(
  title: string,
  categories: string[],
  series: BarSeries[],
  options: { percent?: boolean; markLine?: number } = {},
): string {
  return render({
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    // The legend sits under the chart: at the top it ran into long titles and was cut at the edge.
    legend: series.length > 1 ? { bottom: 0, left: 'center' } : undefined,
    grid: { left: 60, right: 20, top: 40, bottom: series.length > 1 ? 60 : 40 },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: options.percent ? { formatter: '{value}%' } : {} },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      label: { show: true, position: 'top', fontSize: 10, formatter: options.percent ? '{c}%' : '{c}' },
      ...(i === 0 && options.markLine !== undefined
        ? {
            markLine: {
              data: [{ yAxis: options.markLine }],
              symbol: 'none',
              label: { formatter: `${options.markLine}` },
            },
          }
        : {}),
    })),
    color: ['#0b4f6c', '#e07a1f', '#6c9a3a', '#8c4b9a'],
  });
}

// Charts drawn on the server as SVG with Apache ECharts' server-side renderer: no JavaScript in the browser, and the
// same figures always given in a table next to the chart for screen readers (the SVG is role="img" with a label).
import * as echarts from 'echarts';

export interface BarSeries {
  name: string;
  values: number[];
  color: string;
}

/** A grouped (or stacked) bar chart as an SVG string; text is escaped by the renderer. */
export function barChartSvg(opts: { categories: string[]; series: BarSeries[]; stacked?: boolean; width?: number; height?: number; label: string }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width ?? 640, height: opts.height ?? 280 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: opts.label } },
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: opts.categories, axisLabel: { interval: 0, overflow: 'truncate', width: 150 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: opts.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, stack: opts.stacked ? 'total' : undefined })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

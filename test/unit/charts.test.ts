// Charts are SVG drawn on the server by Apache ECharts; what they show comes from the database.
import { describe, expect, it } from 'vitest';
import { barChartSvg } from '../../src/http/charts/bar.js';

describe('server-drawn charts', () => {
  it('escape the text they are given (unit names come from the database)', () => {
    const svg = barChartSvg({ categories: ['<script>alert(1)</script>', 'Sở Tư pháp'], series: [{ name: 'Đúng hạn', values: [3, 4], color: '#2e7d32' }], label: 'chart' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Sở Tư pháp');
  });
});

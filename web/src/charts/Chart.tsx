import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts.js';

/**
 * One ECharts chart on canvas. A canvas says nothing to a screen reader, so the chart is an image with `label` as
 * its name, and every chart on these pages has its figures in a table beside it as well. Drawn without animation
 * (figures, not a show) and synchronously, so the page knows when it is on screen.
 */
export function Chart({ option, label, className = 'chart' }: { option: EChartsCoreOption; label: string; className?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = echarts.init(node, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} className={className} role="img" aria-label={label} />;
}

import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the always-loaded charts use (bars), so the bundle stays small. A lazy chunk that
// needs more (lines, map, pies…) registers it itself with `echarts.use` (global and idempotent),
// see pages/cockpit/CockpitChart.ts and ScreenChart.ts.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The option parts of the base registration; a chunk adds its own to compose its option type. */
export type BaseChartParts = BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption;
export type ChartOption = echarts.ComposeOption<BaseChartParts>;

/**
 * One ECharts instance in a div: created on mount, given each new option whole (notMerge), resized
 * with its box (sider collapse, phone rotation), disposed on unmount. `height` defaults to the
 * parent's; `dark` for the big screen (transparent background, the panels draw their own).
 */
export function EChart<O extends echarts.EChartsCoreOption = ChartOption>({
  option,
  height = '100%',
  dark = false,
  testId,
}: {
  option: O;
  height?: number | string;
  dark?: boolean;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(dark ? { backgroundColor: 'transparent', ...option } : option, { notMerge: true });
  }, [option, dark]);

  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}

import {
  LineChart,
  type LineSeriesOption,
  MapChart,
  type MapSeriesOption,
  PieChart,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  MarkLineComponent,
  type MarkLineComponentOption,
  MarkPointComponent,
  type MarkPointComponentOption,
  TitleComponent,
  type TitleComponentOption,
  VisualMapComponent,
  type VisualMapComponentOption,
} from 'echarts/components';
import { type ComposeOption, getMap, registerMap, use } from 'echarts/core';
import { type BaseChartParts, EChart } from '../../charts/EChart';

// The big screen's and dashboard's charts (map, lines, pies, bars with target marks) on top of the
// base bars: registered only in their lazy chunks, so the rest of the app keeps its small build.
use([LineChart, MapChart, PieChart, MarkLineComponent, MarkPointComponent, TitleComponent, VisualMapComponent]);

export type ScreenChartOption = ComposeOption<
  | BaseChartParts
  | LineSeriesOption
  | MapSeriesOption
  | PieSeriesOption
  | MarkLineComponentOption
  | MarkPointComponentOption
  | TitleComponentOption
  | VisualMapComponentOption
>;

/** Registers a GeoJSON map under a name once (ECharts keeps the registry globally). */
export function registerScreenMap(name: string, geoJson: unknown): void {
  if (!getMap(name)) registerMap(name, geoJson as Parameters<typeof registerMap>[1]);
}

/** charts/EChart with the screen's chart types registered (`dark` on the big screen). */
export const ScreenChart = EChart<ScreenChartOption>;

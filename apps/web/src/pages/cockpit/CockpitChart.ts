import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { MarkLineComponent, type MarkLineComponentOption } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { type BaseChartParts, EChart } from '../../charts/EChart';

// The cockpit's charts add lines (trajectories, sparklines, target marks) to the base bars;
// registered here so only the cockpit chunk carries them.
use([LineChart, MarkLineComponent]);

export type CockpitChartOption = ComposeOption<BaseChartParts | LineSeriesOption | MarkLineComponentOption>;

/** charts/EChart with the cockpit's chart types registered. */
export const CockpitChart = EChart<CockpitChartOption>;

// 数据驾驶舱 (issue 6): KPI registry, read models, status and forecast, views, briefing.

export const cockpitApi = {} as const;

// 统计填报 (issue 6): statistical returns for KPIs no platform record can give.

export const kpiReturnApi = {} as const;

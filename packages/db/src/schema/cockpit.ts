// 数据驾驶舱 (issue 6): read models (kpi_values, kpi_history) and the source-change counters.
export {};

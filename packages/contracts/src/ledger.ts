// 工作台账, 赛马比拼, 政策事项清单 (issue 5 items 3–5).

export const ledgerApi = {} as const;

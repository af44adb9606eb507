// 评价轮次 (issue 5 item 2): rounds, self-assessment with computed facts, review, consolidation.

export const roundApi = {} as const;

// 统计填报 (issue 6): statistical returns with evidence and approval.
export {};

// 评价轮次 (issue 5 item 2): evaluation rounds, entries, self-assessments, reviews, deductions.
export {};

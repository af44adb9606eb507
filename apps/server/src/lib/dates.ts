/** Today's calendar date in China (YYYY-MM-DD): registry dates are calendar dates, not instants. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

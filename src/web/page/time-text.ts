// Times on the page: local wall-clock time, `YYYY-MM-DD HH:MM:SS`, sortable and the same in every browser locale.

const two = (n: number): string => String(n).padStart(2, '0')

export function localTime (ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** The local time with its offset from UTC (`UTC`, `UTC+01:00`): a shared link is read in other time zones. */
export function localTimeWithZone (ms: number): string {
  const offset = -new Date(ms).getTimezoneOffset()
  if (offset === 0) return `${localTime(ms)} UTC`
  const abs = Math.abs(offset)
  return `${localTime(ms)} UTC${offset > 0 ? '+' : '−'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
}

/** A labelled tick of a date axis: the index of the point it stands under and its text. */
export interface DateTick {
  index: number;
  label: string;
}

// Written out rather than from Intl, so the axis reads the same in every browser and locale.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const monthOf = (day: string) => Number(day.slice(5, 7)) - 1;
const yearOf = (day: string) => day.slice(0, 4);

/**
 * Ticks for a chart whose points are consecutive days or weeks (YYYY-MM-DD, oldest first), at most
 * `maxTicks`. Over two months or more: one tick where each month begins (every 2nd, 3rd, 6th or 12th
 * month when they are too many, on months that divide evenly), labelled "Mar", with the year on January
 * and on the first tick. Shorter: one tick every 7 days or more from the first point, labelled "Mar 5".
 */
export function dateTicks(days: readonly string[], maxTicks = 12): DateTick[] {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return [];
  const spanDays = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000;
  const pointDays = days.length > 1 ? spanDays / (days.length - 1) : 1;
  if (spanDays >= 59) {
    const starts: number[] = [];
    days.forEach((day, i) => {
      const previous = days[i - 1];
      // The first point begins its month when the point before it would have fallen in the month before.
      const begins =
        previous === undefined ? Number(day.slice(8, 10)) <= pointDays : monthOf(previous) !== monthOf(day);
      if (begins) starts.push(i);
    });
    const step = [1, 2, 3, 6, 12].find((s) => Math.ceil(starts.length / s) <= maxTicks) ?? 12;
    const kept = starts.filter((i) => monthOf(days[i] as string) % step === 0);
    return kept.map((index, k) => {
      const day = days[index] as string;
      const month = MONTHS[monthOf(day)] as string;
      return { index, label: k === 0 || monthOf(day) === 0 ? `${month} ${yearOf(day)}` : month };
    });
  }
  const every = Math.max(Math.ceil(7 / pointDays), Math.ceil(days.length / maxTicks));
  const ticks: DateTick[] = [];
  for (let index = 0; index < days.length; index += every) {
    const day = days[index] as string;
    ticks.push({ index, label: `${MONTHS[monthOf(day)]} ${Number(day.slice(8, 10))}` });
  }
  return ticks;
}

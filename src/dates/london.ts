/** Instants shown as the London wall clock (GMT in winter, BST in summer). */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const long = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

export type LondonParts = { date: string; time: string };

export function londonParts(instant: Date): LondonParts {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** "Monday 26 October 2026, 18:30 to 21:00" */
export function londonSlotLabel(startsAt: Date, durationMinutes: number): string {
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return `${londonDayLabel(startsAt)}, ${londonParts(startsAt).time} to ${londonParts(end).time}`;
}

/** "Monday 26 October 2026" (built from parts: some ICU versions put a comma after the weekday). */
export function londonDayLabel(instant: Date): string {
  const p = Object.fromEntries(long.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

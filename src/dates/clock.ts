/*
 * What time it is now, for every date that means "the day in London" (a case opened, a referral
 * received, a duty due, today's dashboard). One clock, so a test can fix it at a moment (00:30 on
 * a summer night, the day the clocks change) and see what the service does then.
 */
let source: () => Date = () => new Date();

export function clock(): Date {
  return source();
}

/** Tests only: the clock stands still at `at` until fixed again; `null` gives back the real time. */
export function fixClock(at: Date | null): void {
  if (at === null) {
    source = () => new Date();
    return;
  }
  const fixed = at.getTime();
  source = () => new Date(fixed);
}

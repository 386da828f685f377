/*
 * Limits on the public form that a plain request counter cannot give.
 *
 * The referrals sent from one address are counted, not the posts: someone working through the
 * pages (going back, adding a child) must not run out before sending, and an agency office
 * behind one address sends many. (A separate, generous ceiling on every post, in routes.ts,
 * stops a robot hammering the pages.) Kept in memory, like the request ceilings: each app
 * instance counts its own.
 */
const MAX_KEYS = 10_000;

/** Drops the oldest entries of a map kept in insertion order, so a flood of addresses cannot grow it without bound. */
function trim<K, V>(map: Map<K, V>): void {
  for (const key of map.keys()) {
    if (map.size <= MAX_KEYS) {
      return;
    }
    map.delete(key);
  }
}

export class SubmissionLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs: number = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.sent.get(address) ?? []).filter((at) => at > since);
  }

  /** Whether another referral may be sent from this address now. */
  allows(address: string): boolean {
    return this.recent(address).length < this.maxPerWindow;
  }

  record(address: string): void {
    const times = [...this.recent(address), this.now()];
    this.sent.delete(address);
    this.sent.set(address, times);
    trim(this.sent);
  }
}

/**
 * The referrals sent lately, by the id of the form's answers: sending the same answers again (a
 * double click, the browser posting the confirmation page again) gives the same reference and
 * stores nothing twice. The sending is recorded before anything is awaited, so two posts at once
 * share one.
 */
export class SentReferrals {
  private readonly sent = new Map<string, { result: Promise<string | null>; at: number }>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The reference of the referral sent (or being sent) with these answers, if any. */
  earlier(draftId: string): Promise<string | null> | null {
    const earlier = this.sent.get(draftId);
    return earlier && earlier.at > this.now() - this.keepMs ? earlier.result : null;
  }

  /** Sends the referral once for these answers; a failed sending may be tried again. */
  send(draftId: string, sending: () => Promise<string | null>): Promise<string | null> {
    const earlier = this.earlier(draftId);
    if (earlier) {
      return earlier;
    }
    const result = sending();
    this.sent.set(draftId, { result, at: this.now() });
    trim(this.sent);
    result.catch(() => this.sent.delete(draftId));
    return result;
  }
}

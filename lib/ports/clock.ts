/** The one clock every module reads ("now", and from it "today" in UK time). */
export interface Clock {
  now(): Date;
}

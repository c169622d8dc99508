// The services' timestamps are not RFC 3339 (docs/sources.md#timestamps): CBR and CSBS send zone-less
// values with microseconds (`2025-03-25T06:32:07.951164`, meaning UTC), GeminiDB sends offsets
// without a colon (`2019-05-27T03:38:51+0000`), docs show `+00:00` and `Z`. `Date.parse` reads a
// zone-less date-time as local time and rejects `+0000` in some engines, so parse them here.

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;

const FORMS = 'YYYY-MM-DDTHH:MM:SS, optionally with a fraction of up to 9 digits and a zone (Z, +HH:MM or +HHMM; none means UTC)';

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Turns any timestamp these services send into a `Date`:
 * `2025-03-25T06:32:07.951164` (no zone: UTC), `2019-05-27T03:38:51+0000`, `2020-02-21T07:07:25.114+00:00`,
 * `2018-02-01T12:00:00Z`, fractions of 1 to 9 digits (kept to the millisecond, truncated), and the
 * space-separated legacy form `2019-05-27 03:38:51`. Anything else throws a RangeError naming the value.
 */
export function parseTimestamp(value: string): Date {
  if (typeof value !== 'string') {
    throw new TypeError(`parseTimestamp: expected a string, got ${value === null ? 'null' : typeof value}.`);
  }
  const m = TIMESTAMP.exec(value);
  const invalid = () => new RangeError(`parseTimestamp: invalid timestamp ${JSON.stringify(value)}; expected ${FORMS}.`);
  if (!m) throw invalid();
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid();
  if (hour > 23 || minute > 59 || second > 59) throw invalid();
  let offsetMinutes = 0;
  if (!z && sign) {
    const offH = Number(oh);
    const offM = Number(om);
    if (offH > 23 || offM > 59) throw invalid();
    offsetMinutes = (sign === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

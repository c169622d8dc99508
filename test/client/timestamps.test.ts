// parseTimestamp: every form the services send, and clear errors for anything else.
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/index.js';

const iso = (value: string) => parseTimestamp(value).toISOString();

describe('parseTimestamp', () => {
  it.each([
    ['2025-03-25T06:32:07.951164', '2025-03-25T06:32:07.951Z'], // CBR/CSBS wire: no zone = UTC, 6 digits
    ['2017-04-15T04:20:37.277880', '2017-04-15T04:20:37.277Z'],
    ['2019-05-27T03:38:51+0000', '2019-05-27T03:38:51.000Z'], // GeminiDB
    ['2019-05-27T03:38:51+0800', '2019-05-26T19:38:51.000Z'],
    ['2019-05-27T03:38:51-0230', '2019-05-27T06:08:51.000Z'],
    ['2020-02-21T07:07:25.114+00:00', '2020-02-21T07:07:25.114Z'],
    ['2020-02-21T07:07:25.114-05:00', '2020-02-21T12:07:25.114Z'],
    ['2018-02-01T12:00:00Z', '2018-02-01T12:00:00.000Z'],
    ['2018-02-01T12:00:00z', '2018-02-01T12:00:00.000Z'],
    ['2018-02-01T12:00:00', '2018-02-01T12:00:00.000Z'],
    ['2019-05-27 03:38:51', '2019-05-27T03:38:51.000Z'], // GeminiDB legacy
    ['2021-02-18T12:02:16.4', '2021-02-18T12:02:16.400Z'],
    ['2021-02-18T12:02:16.49', '2021-02-18T12:02:16.490Z'],
    ['2021-02-18T12:02:16.123456789', '2021-02-18T12:02:16.123Z'], // 9 digits, truncated
    ['2021-02-18T12:02:16.999999999Z', '2021-02-18T12:02:16.999Z'],
    ['2024-02-29T00:00:00', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59+0000', '2000-02-29T23:59:59.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'], // no two-digit-year trap
  ])('%s → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('zone-less is UTC whatever the local time zone', () => {
    expect(parseTimestamp('2025-03-25T06:32:07').getTime()).toBe(Date.UTC(2025, 2, 25, 6, 32, 7));
  });

  it.each([
    '',
    '2025-03-25',
    '2025-03-25T06:32',
    '2025-13-01T00:00:00',
    '2025-02-29T00:00:00',
    '1900-02-29T00:00:00',
    '2025-04-31T00:00:00',
    '2025-01-01T24:00:00',
    '2025-01-01T00:60:00',
    '2025-01-01T00:00:60',
    '2025-01-01T00:00:00.1234567890',
    '2025-01-01T00:00:00.',
    '2025-01-01T00:00:00+24:00',
    '2025-01-01T00:00:00+0060',
    '2025-01-01T00:00:00+00',
    '2025-01-01T00:00:00 +0000',
    ' 2025-01-01T00:00:00',
    'yesterday',
  ])('rejects %j with a RangeError naming the value', (input) => {
    expect(() => parseTimestamp(input)).toThrow(RangeError);
    expect(() => parseTimestamp(input)).toThrow(`invalid timestamp ${JSON.stringify(input)}`);
  });

  it('rejects non-strings with a TypeError', () => {
    expect(() => parseTimestamp(null as never)).toThrow(TypeError);
    expect(() => parseTimestamp(1700000000 as never)).toThrow(/expected a string, got number/);
  });
});

import { parseSubscriberCsv, subscriberCsvRows, SubscriberFileError } from './subscriber-csv';

describe('subscriber lists (CSV)', () => {
  it("reads Ghost's members export: blank subscribed_to_emails is subscribed, false is not; deleted members and repeated addresses are listed, not taken", () => {
    const ghost =
      '\uFEFFid,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\r\n' +
      '1,ada@example.com,Ada,,true,,,2023-04-05T06:07:08.000Z,,,\r\n' +
      '2,grace@example.com,"Hopper, Grace",,false,,,2024-01-02T00:00:00.000Z,,"a,b",\r\n' +
      '3,linus@example.com,,,,,,not a date,,,\r\n' +
      '4,not-an-address,,,true,,,,,,\r\n' +
      '5,ADA@example.com,,,true,,,,,,\r\n' +
      '6,alan@example.com,,,maybe,,,,,,\r\n' +
      '7,,,,true,,,,,,\r\n' +
      '8,judy@example.com,,,true,,,,2024-05-06T00:00:00.000Z,,\r\n';
    expect(parseSubscriberCsv(ghost)).toEqual({
      subscribers: [
        {
          email: 'ada@example.com',
          status: 'active',
          createdAt: new Date('2023-04-05T06:07:08.000Z'),
          confirmedAt: null,
          unsubscribedAt: null,
        },
        {
          email: 'grace@example.com',
          status: 'unsubscribed',
          createdAt: new Date('2024-01-02T00:00:00.000Z'),
          confirmedAt: null,
          unsubscribedAt: null,
        },
        {
          email: 'linus@example.com',
          status: 'active',
          createdAt: null,
          confirmedAt: null,
          unsubscribedAt: null,
        },
      ],
      refused: [
        { line: 5, reason: 'not-an-address: not an email address' },
        { line: 6, reason: 'ADA@example.com: given before, on line 2' },
        { line: 7, reason: 'alan@example.com: its status is not one Folio knows' },
        { line: 8, reason: 'no email' },
        { line: 9, reason: 'judy@example.com: deleted on the old site, not imported' },
      ],
    });
  });

  it('takes any list with an email column (every address subscribed), and names what is wrong with a file', () => {
    expect(parseSubscriberCsv('Email\n  pat@example.com  \n\n').subscribers).toEqual([
      {
        email: 'pat@example.com',
        status: 'active',
        createdAt: null,
        confirmedAt: null,
        unsubscribedAt: null,
      },
    ]);
    expect(() => parseSubscriberCsv('name,address\nPat,pat@example.com\n')).toThrow(
      new SubscriberFileError('its first line names no email column'),
    );
    expect(() => parseSubscriberCsv('email\n')).toThrow(new SubscriberFileError('it has no rows'));
    expect(() => parseSubscriberCsv('email\n"unclosed@example.com\n')).toThrow(SubscriberFileError);
  });

  it("reads Folio's own export back, dates included: the formula guard undone, pending addresses left out, bounced ones as left", () => {
    const rows = [
      {
        email: '=sum@example.com',
        status: 'active' as const,
        createdAt: new Date('2025-01-01T00:00:00.000Z'),
        confirmedAt: new Date('2025-01-01T01:00:00.000Z'),
        unsubscribedAt: null,
        bouncedAt: null,
      },
      {
        email: 'left@example.com',
        status: 'unsubscribed' as const,
        createdAt: new Date('2025-02-01T00:00:00.000Z'),
        confirmedAt: null,
        unsubscribedAt: new Date('2025-03-01T00:00:00.000Z'),
        bouncedAt: null,
      },
      {
        email: 'waiting@example.com',
        status: 'pending' as const,
        createdAt: new Date('2025-04-01T00:00:00.000Z'),
        confirmedAt: null,
        unsubscribedAt: null,
        bouncedAt: null,
      },
      {
        email: 'gone@example.com',
        status: 'bounced' as const,
        createdAt: new Date('2025-05-01T00:00:00.000Z'),
        confirmedAt: new Date('2025-05-01T01:00:00.000Z'),
        unsubscribedAt: null,
        bouncedAt: new Date('2025-06-01T00:00:00.000Z'),
      },
    ];
    const csv = subscriberCsvRows(rows, true);
    // Excel reads it as UTF-8 by its byte order mark; a spreadsheet opening it runs no formula.
    expect(csv.startsWith('\uFEFFemail,status,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(
      "'=sum@example.com,active,2025-01-01T00:00:00.000Z,2025-01-01T01:00:00.000Z,,",
    );
    expect(parseSubscriberCsv(csv)).toEqual({
      subscribers: [
        {
          email: '=sum@example.com',
          status: 'active',
          createdAt: new Date('2025-01-01T00:00:00.000Z'),
          confirmedAt: new Date('2025-01-01T01:00:00.000Z'),
          unsubscribedAt: null,
        },
        {
          email: 'left@example.com',
          status: 'unsubscribed',
          createdAt: new Date('2025-02-01T00:00:00.000Z'),
          confirmedAt: null,
          unsubscribedAt: new Date('2025-03-01T00:00:00.000Z'),
        },
        // Its mailbox was refused for good: moved in as one who left, on the day it bounced.
        {
          email: 'gone@example.com',
          status: 'unsubscribed',
          createdAt: new Date('2025-05-01T00:00:00.000Z'),
          confirmedAt: new Date('2025-05-01T01:00:00.000Z'),
          unsubscribedAt: new Date('2025-06-01T00:00:00.000Z'),
        },
      ],
      refused: [{ line: 4, reason: 'waiting@example.com: never confirmed, not imported' }],
    });
  });
});

import { IdPipe } from './id.pipe';

describe('IdPipe', () => {
  const pipe = new IdPipe('comment');

  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2147483647],
  ])('reads %j as %d', (value, id) => {
    expect(pipe.transform(value)).toBe(id);
  });

  it.each(['0', '-1', '1.5', '1e3', '0x1', ' 1', '', '2147483648', '99999999999999999999'])(
    'answers %j with 404 naming the entity',
    (value) => {
      expect(() => pipe.transform(value)).toThrow(
        expect.objectContaining({
          status: 404,
          response: { errors: { comment: ['not found'] } },
        }),
      );
    },
  );
});

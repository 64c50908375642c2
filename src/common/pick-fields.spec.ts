import { pickFields } from './pick-fields';

describe('pickFields', () => {
  it('keeps the named fields, in their order, and nothing else', () => {
    const row = { id: 1, secret: 'whsec_x', url: 'https://example.test', at: new Date(0) };
    const view = pickFields(row, ['url', 'id', 'at']);
    expect(view).toEqual({ url: 'https://example.test', id: 1, at: new Date(0) });
    expect(Object.keys(view)).toEqual(['url', 'id', 'at']);
    expect(view).not.toHaveProperty('secret');
  });
});

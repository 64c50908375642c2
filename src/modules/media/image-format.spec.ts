import { sniffImageFormat } from './image-format';

const hex = (value: string) => Buffer.from(value.replace(/\s/g, ''), 'hex');

describe('sniffImageFormat', () => {
  it.each([
    ['jpeg', hex('ffd8ffe000104a464946')],
    ['png', hex('89504e470d0a1a0a0000000d49484452')],
    ['gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['webp', Buffer.concat([Buffer.from('RIFF'), hex('24000000'), Buffer.from('WEBPVP8 ')])],
    [
      'avif',
      Buffer.concat([
        hex('0000001c'),
        Buffer.from('ftypavif'),
        hex('00000000'),
        Buffer.from('avifmif1miaf'),
      ]),
    ],
    [
      'avif',
      Buffer.concat([
        hex('00000020'),
        Buffer.from('ftypmif1'),
        hex('00000000'),
        Buffer.from('mif1avifmiafMA1B'),
      ]),
    ],
  ])('recognises %s by its bytes', (format, bytes) => {
    expect(sniffImageFormat(bytes)).toBe(format);
  });

  it.each([
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['PHP', Buffer.from('<?php system($_GET["c"]); ?>')],
    [
      'HEIC',
      Buffer.concat([
        hex('00000018'),
        Buffer.from('ftypheic'),
        hex('00000000'),
        Buffer.from('mif1heic'),
      ]),
    ],
    [
      'a brand in the minor version only',
      Buffer.concat([hex('00000014'), Buffer.from('ftypmif1avif'), Buffer.from('mif1')]),
    ],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImageFormat(bytes)).toBeUndefined();
  });
});

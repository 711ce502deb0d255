// QR codes for the check page: the PNG and SVG read back as the address by an independent decoder; sizes; the address.
import { inflateSync } from 'node:zlib';
import { decodeQR } from 'qr/decode.js';
import { describe, expect, it } from 'vitest';
import { checkAddress, qrModules, qrPng, qrSvg } from '../../../video/render/qr.ts';

/** The pixels of a greyscale, unfiltered PNG as qrPng writes it, as RGBA for the decoder. */
function pixels(png: Buffer): { width: number; height: number; data: Uint8Array } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(png.subarray(24, 26)).toEqual(Buffer.from([8, 0])); // 8-bit greyscale
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const v = raw[y * (width + 1) + 1 + x]!;
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

describe('qrPng', () => {
  it('draws a square PNG of the requested size that decodes to the URL', () => {
    const url = 'https://impfen.example.org/c';
    for (const size of [120, 256, 333]) {
      const image = pixels(qrPng(url, size));
      expect([image.width, image.height]).toEqual([size, size]);
      expect(decodeQR(image)).toBe(url);
    }
  });

  it('keeps a white quiet zone of four modules around the symbol', () => {
    const n = qrModules('https://a.example/c').length;
    const image = pixels(qrPng('https://a.example/c', n * 4));
    const dark = (x: number, y: number) => image.data[(y * image.width + x) * 4] === 0;
    for (let i = 0; i < image.width; i++) {
      for (let edge = 0; edge < 16; edge++) {
        expect(dark(i, edge) || dark(edge, i) || dark(i, image.width - 1 - edge)).toBe(false);
      }
    }
    expect(dark(16, 16)).toBe(true); // the finder pattern's corner
  });

  it('refuses a size smaller than one pixel per module, saying the smallest', () => {
    expect(() => qrPng('https://a.example/c', 10)).toThrow(/at least \d+ .*got 10/);
  });
});

describe('qrSvg', () => {
  it('encodes the same modules with an escaped title', () => {
    const svg = qrSvg('https://a.example/c', 'QR <code> & "address"');
    expect(svg).toContain('<title>QR &#60;code&#62; &#38; &#34;address&#34;</title>');
    const n = qrModules('https://a.example/c').length;
    expect(svg).toContain(`viewBox="0 0 ${n} ${n}"`);
    const drawn = [...svg.matchAll(/h(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const dark = qrModules('https://a.example/c').flat().filter(Boolean).length;
    expect(drawn).toBe(dark);
  });
});

describe('checkAddress', () => {
  it('appends the short path to the public URL, under its path, without a doubled slash', () => {
    expect(checkAddress('https://impfen.example.org')).toBe('https://impfen.example.org/c');
    expect(checkAddress('https://agency.example/klartext/')).toBe('https://agency.example/klartext/c');
  });
});

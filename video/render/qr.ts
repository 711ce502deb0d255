// QR codes for the public video check: a PNG the end card overlays and an SVG for the page and print.
import { deflateSync, crc32 } from 'node:zlib';
import { encodeQR } from 'qr';

/** The check page's short path; the full address is the public URL (KLARTEXT_PUBLIC_URL) with this path. */
export const CHECK_SHORT_PATH = '/c';
/** Light modules around the symbol, as the QR standard asks, so a camera finds its edge on any background. */
const QUIET_ZONE = 4;

/** The end card's words before the check address: bilingual, as the AI label, so they read in every campaign language. */
export const CHECK_LEAD = 'Prüfen / Check:';

/** The end card's text beside the QR code: the lead, then the address without its scheme (the code carries it). */
export function checkCardText(address: string): string {
  return `${CHECK_LEAD}\n${address.replace(/^https?:\/\//, '')}`;
}

/** The short address of the check page for a site's public URL, e.g. `https://agency.example/c`. */
export function checkAddress(publicUrl: string): string {
  const base = new URL(publicUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${CHECK_SHORT_PATH}`;
}

/** The code's modules, quiet zone included: `true` is dark. Medium error correction survives a video's compression. */
export function qrModules(text: string): boolean[][] {
  return encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
}

/**
 * A square greyscale PNG of `sizePx` × `sizePx` (black on white) encoding `url`. Each module is a whole number of
 * pixels, the rest is white margin, so the code stays sharp when scaled by a video encoder.
 */
export function qrPng(url: string, sizePx: number): Buffer {
  const modules = qrModules(url);
  const n = modules.length;
  if (!Number.isInteger(sizePx) || sizePx < n) {
    throw new RangeError(`qrPng: sizePx must be an integer of at least ${n} (one pixel per module); got ${sizePx}.`);
  }
  const scale = Math.floor(sizePx / n);
  const offset = Math.floor((sizePx - n * scale) / 2);
  // One filter byte (0: none) before each row of grey pixels.
  const raw = Buffer.alloc((sizePx + 1) * sizePx, 0xff);
  for (let y = 0; y < sizePx; y++) {
    raw[y * (sizePx + 1)] = 0;
    const my = Math.floor((y - offset) / scale);
    for (let x = 0; x < sizePx; x++) {
      const mx = Math.floor((x - offset) / scale);
      if (modules[my]?.[mx]) raw[y * (sizePx + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(sizePx, 0);
  header.writeUInt32BE(sizePx, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An SVG of the code (one path, one unit per module) that scales without blur; `title` names it for screen readers. */
export function qrSvg(url: string, title: string): string {
  const modules = qrModules(url);
  const n = modules.length;
  const runs: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < n; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      runs.push(`M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`);
      x = end;
    }
  });
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" role="img">` +
    `<title>${escaped}</title><rect width="${n}" height="${n}" fill="#fff"/>` +
    `<path fill="#000" d="${runs.join('')}"/></svg>`
  );
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

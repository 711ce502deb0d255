// COSE_Sign1 (RFC 9052) for C2PA claim signatures: the WebAssembly builder hands the claim over and takes the COSE.
import { sign, type KeyObject } from 'node:crypto';

/** A value the small CBOR encoder below writes: the subset COSE headers need. */
type Cbor = null | number | string | Uint8Array | Cbor[] | Map<number | string, Cbor> | { tag: number; value: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Deterministic CBOR (RFC 8949 §4.2 for the shapes used here: small integers, definite lengths). */
export function encodeCbor(v: Cbor): Buffer {
  if (v === null) return Buffer.from([0xf6]);
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(encodeCbor)]);
  if (v instanceof Map) {
    return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [encodeCbor(k), encodeCbor(x)])]);
  }
  return Buffer.concat([head(6, v.tag), encodeCbor(v.value)]);
}

/** The signature algorithms C2PA allows that a Node key can make, with their COSE ids. */
export const COSE_ALGS = {
  es256: { id: -7, hash: 'sha256' },
  es384: { id: -35, hash: 'sha384' },
  ed25519: { id: -8, hash: null },
} as const;
export type CoseAlg = keyof typeof COSE_ALGS;

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;

/**
 * Signs `payload` (the C2PA claim) as a detached COSE_Sign1 with the certificate chain in the protected header, as
 * C2PA 2.x requires, padded to exactly `size` bytes: the builder reserved that much room in the file beforehand.
 */
export function coseSign1(opts: {
  payload: Uint8Array;
  alg: CoseAlg;
  key: KeyObject;
  chainDer: readonly Uint8Array[];
  size: number;
}): Uint8Array {
  const { id, hash } = COSE_ALGS[opts.alg];
  const protectedHeader = encodeCbor(
    new Map<number, Cbor>([
      [HEADER_ALG, id],
      [HEADER_X5CHAIN, [...opts.chainDer]],
    ]),
  );
  const toBeSigned = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), opts.payload]);
  // COSE wants ECDSA signatures as r‖s, not DER.
  const signature = sign(hash, toBeSigned, { key: opts.key, dsaEncoding: 'ieee-p1363' });
  const build = (padLength: number) =>
    encodeCbor({
      tag: COSE_SIGN1_TAG,
      value: [protectedHeader, new Map([['pad', new Uint8Array(padLength)]]), null, signature],
    });
  const bare = build(0).length;
  if (bare > opts.size) {
    throw new Error(`The C2PA signature needs ${bare} bytes but only ${opts.size} are reserved; use a shorter chain.`);
  }
  // The pad's own length prefix grows at 24 and 256 bytes, so step down until the total fits exactly.
  let padLength = opts.size - bare;
  while (padLength > 0 && build(padLength).length > opts.size) padLength--;
  const out = build(padLength);
  if (out.length !== opts.size) throw new Error(`COSE padding missed ${opts.size} bytes (${out.length}).`);
  return new Uint8Array(out);
}

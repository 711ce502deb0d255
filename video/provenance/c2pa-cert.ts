// The X.509 certificate that signs Content Credentials: configured, or a development one made once in the data dir.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../shared/errors.ts';
import { tempPathFor } from '../render/files.ts';
import type { CoseAlg } from './c2pa-cose.ts';

/** File inside the data directory holding the development key and certificate chain (PEM, mode 0600). */
export const C2PA_DEV_FILE = 'c2pa-dev.pem';
/** The development certificate's subject: whoever reads the credentials sees it is not the agency's identity. */
export const DEV_CERT_NAME = 'klartext development certificate — not trusted';
const DEV_ROOT_NAME = 'klartext development root — not trusted';

/** A signing identity for C2PA: the key, its algorithm and the certificate chain (leaf first, DER). */
export interface C2paCredentials {
  key: KeyObject;
  alg: CoseAlg;
  chainDer: Uint8Array[];
  /** The leaf certificate's subject, for logs and reports. */
  signer: string;
  development: boolean;
}

// Just enough DER (X.690) to write a certificate.
function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const generalizedTime = (d: Date) => tlv(0x18, Buffer.from(`${d.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`));
const rdn = (type: string, value: string) => tlv(0x31, seq(oid(type), utf8(value)));
const dn = (cn: string) => seq(rdn('2.5.4.10', 'klartext'), rdn('2.5.4.3', cn));
const TRUE = Buffer.from([0x01, 0x01, 0xff]);
const ext = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [TRUE] : []), tlv(0x04, value));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const keyIdOf = (pub: KeyObject) =>
  createHash('sha1')
    .update(pub.export({ format: 'der', type: 'spki' }))
    .digest();

function certificate(opts: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  issuerKey: KeyObject;
  issuerPublicKey: KeyObject;
  ca: boolean;
}): Buffer {
  const now = Date.now();
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: the top bit clear (else negative) and the first byte never zero (else OpenSSL
  // refuses the leading zero octet as non-minimal, about once in 250 certificates).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const extensions = opts.ca
    ? [
        ext('2.5.29.19', true, seq(TRUE)), // basicConstraints cA
        ext('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06]))), // keyCertSign, cRLSign
        ext('2.5.29.14', false, tlv(0x04, keyIdOf(opts.publicKey))),
      ]
    : [
        ext('2.5.29.19', true, seq()), // basicConstraints: not a CA
        ext('2.5.29.15', true, tlv(0x03, Buffer.from([0x07, 0x80]))), // digitalSignature
        ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.4'))), // emailProtection, an EKU C2PA accepts
        ext('2.5.29.14', false, tlv(0x04, keyIdOf(opts.publicKey))),
        ext('2.5.29.35', false, seq(tlv(0x80, keyIdOf(opts.issuerPublicKey)))),
      ];
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // version 3
    tlv(0x02, serial),
    ECDSA_SHA256,
    dn(opts.issuer),
    seq(generalizedTime(new Date(now - 3_600_000)), generalizedTime(new Date(now + 10 * 365 * 86_400_000))),
    dn(opts.subject),
    opts.publicKey.export({ format: 'der', type: 'spki' }),
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, opts.issuerKey); // DER-encoded ECDSA, as X.509 wants
  return seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/** Makes a development root and a leaf under it (C2PA refuses self-signed signing certificates); PEM text. */
export function makeDevelopmentCredentialsPem(): string {
  const root = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rootCert = certificate({
    subject: DEV_ROOT_NAME,
    issuer: DEV_ROOT_NAME,
    publicKey: root.publicKey,
    issuerKey: root.privateKey,
    issuerPublicKey: root.publicKey,
    ca: true,
  });
  const leafCert = certificate({
    subject: DEV_CERT_NAME,
    issuer: DEV_ROOT_NAME,
    publicKey: leaf.publicKey,
    issuerKey: root.privateKey,
    issuerPublicKey: root.publicKey,
    ca: false,
  });
  const pem = (der: Buffer) => new X509Certificate(der).toString();
  return leaf.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() + pem(leafCert) + pem(rootCert);
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads a key and a chain (leaf first) from PEM text; `origin` names where they came from in error messages. */
export function credentialsFromPem(keyPem: string, chainPem: string, origin: string): C2paCredentials {
  const blocks = chainPem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new ConfigError(`${origin}: no PEM certificate found; give the chain, leaf first.`);
  let key: KeyObject;
  let chain: X509Certificate[];
  try {
    key = createPrivateKey(keyPem);
    chain = blocks.map((b) => new X509Certificate(b));
  } catch (err) {
    throw new ConfigError(`${origin}: not a PEM private key and X.509 certificate chain.`, { cause: err });
  }
  const leaf = chain[0] as X509Certificate;
  if (!leaf.checkPrivateKey(key)) {
    throw new ConfigError(`${origin}: the private key does not belong to the first certificate (the leaf).`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg: CoseAlg | undefined =
    key.asymmetricKeyType === 'ed25519'
      ? 'ed25519'
      : curve === 'prime256v1'
        ? 'es256'
        : curve === 'secp384r1'
          ? 'es384'
          : undefined;
  if (!alg) {
    throw new ConfigError(
      `${origin}: a ${key.asymmetricKeyType} key cannot sign C2PA here; use EC P-256, P-384 or Ed25519.`,
    );
  }
  const signer = /CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  // Known by its name wherever it is configured from, so it is never passed off as the agency's own certificate.
  const development = signer === DEV_CERT_NAME;
  return { key, alg, chainDer: chain.map((c) => new Uint8Array(c.raw)), signer, development };
}

/** A configured value: PEM text as is (with `\n` written as such in one env line), else the path of a PEM file. */
async function pemOrFile(value: string, variable: string): Promise<string> {
  if (value.includes('-----BEGIN')) return value.replaceAll('\\n', '\n');
  return readFile(value, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`Cannot read ${variable} ${value} (${err.code}); give a PEM file path or the PEM text.`, {
      cause: err,
    });
  });
}

/**
 * The C2PA signing credentials: KLARTEXT_C2PA_CERT + KLARTEXT_C2PA_KEY (PEM text or file paths) when configured,
 * else `<dataDir>/c2pa-dev.pem`, a development certificate generated on first use (mode 0600).
 * @throws ConfigError when only one of the two is set, or they are unreadable or do not match.
 */
export async function loadOrCreateC2paCredentials(opts: {
  cert?: string;
  key?: string;
  dataDir: string;
}): Promise<C2paCredentials> {
  if (opts.cert || opts.key) {
    if (!opts.cert || !opts.key) {
      throw new ConfigError('Set both KLARTEXT_C2PA_CERT and KLARTEXT_C2PA_KEY (the chain and its key), or neither.');
    }
    const chain = await pemOrFile(opts.cert, 'KLARTEXT_C2PA_CERT');
    const key = await pemOrFile(opts.key, 'KLARTEXT_C2PA_KEY');
    return credentialsFromPem(key, chain, 'KLARTEXT_C2PA_CERT/KLARTEXT_C2PA_KEY');
  }
  const path = join(opts.dataDir, C2PA_DEV_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) return credentialsFromPem(existing, existing, path);
  await mkdir(opts.dataDir, { recursive: true });
  const temp = tempPathFor(path);
  // As for the provenance key: owner-only from the first byte, and link() lets exactly one concurrent creator win.
  await writeFile(temp, makeDevelopmentCredentialsPem(), { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  const pem = await readFile(path, 'utf8');
  return credentialsFromPem(pem, pem, path);
}

// Just enough DER to read which algorithm a PKCS#8 or SPKI key is for, so a wrong key (RSA, EC, ...) is refused with
// a message that names it instead of a generic import failure. Nothing here is trusted for security: the key is
// imported by Web Crypto afterwards, which parses it properly.

interface Tlv {
  tag: number;
  contentStart: number;
  end: number;
}

function readTlv(der: Uint8Array, offset: number): Tlv | undefined {
  const tag = der[offset];
  const lengthByte = der[offset + 1];
  if (tag === undefined || lengthByte === undefined) return undefined;
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 3) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = der[cursor++];
      if (b === undefined) return undefined;
      length = (length << 8) | b;
    }
  }
  const end = cursor + length;
  if (end > der.length) return undefined;
  return { tag, contentStart: cursor, end };
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OID = 0x06;

// DER content bytes of the algorithm OIDs people actually hold keys for.
const ALGORITHMS: Record<string, string> = {
  '2b6570': 'Ed25519',
  '2b6571': 'Ed448',
  '2b656e': 'X25519',
  '2b656f': 'X448',
  '2a864886f70d010101': 'RSA',
  '2a864886f70d01010a': 'RSA-PSS',
  '2a8648ce3d0201': 'EC (ECDSA)',
  '2a8648ce380401': 'DSA',
};

function algorithmOidName(der: Uint8Array, algorithmIdentifier: Tlv | undefined): string | undefined {
  if (!algorithmIdentifier || algorithmIdentifier.tag !== SEQUENCE) return undefined;
  const oid = readTlv(der, algorithmIdentifier.contentStart);
  if (!oid || oid.tag !== OID) return undefined;
  let hex = '';
  for (let i = oid.contentStart; i < oid.end; i++) hex += der[i]!.toString(16).padStart(2, '0');
  return ALGORITHMS[hex] ?? `an unrecognised algorithm (OID bytes ${hex})`;
}

/** Algorithm named by a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING }. */
export function pkcs8Algorithm(der: Uint8Array): string | undefined {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== SEQUENCE) return undefined;
  const version = readTlv(der, outer.contentStart);
  if (!version || version.tag !== INTEGER) return undefined;
  return algorithmOidName(der, readTlv(der, version.end));
}

/** Algorithm named by a SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }. */
export function spkiAlgorithm(der: Uint8Array): string | undefined {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== SEQUENCE) return undefined;
  return algorithmOidName(der, readTlv(der, outer.contentStart));
}

// Sample upload bodies. Each names the type its bytes really are, so a test can declare it honestly or not.

export interface SampleFile {
  bytes: Uint8Array<ArrayBuffer>;
  /** The content type the bytes really are (what sniffing the magic bytes finds). */
  contentType: string;
  filename: string;
}

/** A minimal but complete PDF (one empty page; a cross-reference table whose offsets are computed, not typed in). */
function minimalPdf(): Uint8Array<ArrayBuffer> {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new TextEncoder().encode(body); // all ASCII, so characters are bytes and the offsets hold
}

/** A 1×1 PNG: signature, IHDR, one zlib-compressed IDAT and IEND, with correct CRCs (decodable, not just magic). */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * JPEG markers only: start of image, a JFIF APP0 segment, end of image. Enough for type sniffing (the magic bytes),
 * not a decodable picture; use `png` where a real image matters.
 */
function jpegMarkers(): Uint8Array<ArrayBuffer> {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xd9]);
}

const pdf = minimalPdf();
const png = Uint8Array.from(Buffer.from(PNG_1X1, 'base64'));

/** Fresh copies on each access, so a test that mutates its bytes cannot change another test's file. */
export const sampleFiles = {
  get pdf(): SampleFile {
    return { bytes: pdf.slice(), contentType: 'application/pdf', filename: 'document.pdf' };
  },
  get png(): SampleFile {
    return { bytes: png.slice(), contentType: 'image/png', filename: 'image.png' };
  },
  get jpeg(): SampleFile {
    return { bytes: jpegMarkers(), contentType: 'image/jpeg', filename: 'image.jpg' };
  },
  /** PNG bytes named and declared as a PDF: what a server that checks magic bytes must refuse. */
  get pngDeclaredAsPdf(): SampleFile {
    return { bytes: png.slice(), contentType: 'application/pdf', filename: 'not-really.pdf' };
  },
};

/** The file as a `Blob` of its declared type (the SDK's upload helpers and `FormData` take one). */
export function sampleBlob(file: SampleFile): Blob {
  return new Blob([file.bytes], { type: file.contentType });
}

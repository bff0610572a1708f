/**
 * The smallest well-formed PDF: servers that sniff content (not just the part's Content-Type) still accept it.
 * Built at runtime so the package ships no binary fixtures.
 */
export function tinyPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

/** A PDF-looking file of exactly `size` bytes (a real header, then padding in a comment). */
export function pdfOfSize(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const head = tinyPdf();
  out.set(head.subarray(0, Math.min(head.length, size)));
  out.fill(0x25, head.length); // '%': the padding reads as PDF comment bytes
  return out;
}

export function filePart(bytes: Uint8Array, type: string, name: string): File {
  return new File([bytes as BlobPart], name, { type });
}

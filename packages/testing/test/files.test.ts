import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleBlob, sampleFiles } from '../src/index.js';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('sampleFiles', () => {
  it('pdf: a header, and a cross-reference table whose every offset lands on its object', () => {
    const text = latin1(sampleFiles.pdf.bytes);
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(3);
    for (const [index, offset] of entries.entries())
      expect(text.slice(offset, offset + 8)).toBe(`${index + 1} 0 obj\n`);
  });

  it('png: every chunk CRC holds and the image data inflates to one 1×1 RGBA row', () => {
    const bytes = Buffer.from(sampleFiles.png.bytes);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < bytes.length; ) {
      const length = bytes.readUInt32BE(at);
      const typeAndData = bytes.subarray(at + 4, at + 8 + length);
      expect(crc32(typeAndData)).toBe(bytes.readUInt32BE(at + 8 + length));
      chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks[0]!.data.readUInt32BE(0)).toBe(1);
    expect(chunks[0]!.data.readUInt32BE(4)).toBe(1);
    expect(inflateSync(chunks[1]!.data)).toHaveLength(1 + 4); // filter byte + one RGBA pixel
  });

  it('jpeg: starts with the JPEG magic bytes and ends with end-of-image', () => {
    const bytes = sampleFiles.jpeg.bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it('pngDeclaredAsPdf: PNG bytes under a PDF name and type', () => {
    const file = sampleFiles.pngDeclaredAsPdf;
    expect(file).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/\.pdf$/) });
    expect(Buffer.from(file.bytes)).toEqual(Buffer.from(sampleFiles.png.bytes));
    expect(latin1(file.bytes).startsWith('%PDF-')).toBe(false);
  });

  it("hands out fresh copies, so one test cannot corrupt another's file", () => {
    sampleFiles.pdf.bytes[0] = 0;
    expect(sampleFiles.pdf.bytes[0]).toBe('%'.charCodeAt(0));
  });

  it('sampleBlob carries the declared type and the bytes', async () => {
    const blob = sampleBlob(sampleFiles.pngDeclaredAsPdf);
    expect(blob.type).toBe('application/pdf');
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(Buffer.from(sampleFiles.png.bytes));
  });
});

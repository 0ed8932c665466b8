import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFStream } from 'pdf-lib';

/**
 * The text a PDF draws, with the font size of each piece, read back from the page
 * content streams with pdf-lib: each `BT … /F 16 Tf … <hex> Tj … ET` block pdf-lib
 * writes for a drawText gives the size set by its `Tf` operator and the text shown.
 */
export async function textSizes(bytes: Uint8Array): Promise<{ size: number; text: string }[]> {
  const doc = await PDFDocument.load(bytes);
  const out: { size: number; text: string }[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = doc.context.lookup(ref) as PDFStream;
      const data = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
      const content = Buffer.from(data).toString('latin1');
      for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
        const size = /\/\S+\s+([\d.]+)\s+Tf/.exec(block[1]!);
        for (const t of block[1]!.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
          if (size) out.push({ size: Number(size[1]), text: Buffer.from(t[1]!, 'hex').toString('latin1') });
        }
      }
    }
  }
  return out;
}

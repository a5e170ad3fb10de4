import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** What an acknowledgement slip shows. */
export interface AcknowledgementSlip {
  code: string;
  diaryNumber: string;
  receivedOn: string;
  officeName: string;
  categoryName: string;
  /** Where the writer (or anyone with the code) follows the complaint; the QR code points here. */
  trackingUrl: string;
  issuedAt: Date;
}

/**
 * Renders the slip handed or posted to a letter's writer: one A5 page with the tracking code, the diary entry, the
 * office, and a QR code to the tracking page. The QR code is drawn as vector squares (no image library, nothing
 * fetched), and the standard Helvetica font needs no font file. Content streams are left uncompressed: the slip is
 * small, and clerks' tools (and tests) can find the code in it.
 */
export async function renderAcknowledgementSlip(slip: AcknowledgementSlip): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', margin: 36, compress: false, info: { Title: `Acknowledgement ${slip.code}`, Subject: `Complaint ${slip.code}`, Creator: 'Ekhtyar', CreationDate: slip.issuedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Acknowledgement of your application', { align: 'center' });
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text('Ekhtyar citizen grievance redress, Khyber Pakhtunkhwa', { align: 'center' });
  doc.moveDown(1.2).fontSize(11);
  const line = (label: string, value: string) => doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  line('Tracking code', slip.code);
  line('Diary number', slip.diaryNumber);
  line('Received on', slip.receivedOn);
  line('Office of receipt', slip.officeName);
  line('Category', slip.categoryName);
  line('Slip issued', slip.issuedAt.toISOString().slice(0, 10));
  doc.moveDown(1).fontSize(10).text('Keep this slip. Quote the tracking code when you call the helpline or visit the office, or scan the code below to follow your complaint:');
  doc.moveDown(0.3).font('Courier').fontSize(9).text(slip.trackingUrl);
  drawQr(doc, slip.trackingUrl, doc.y + 12, 120);
  doc.end();
  return done;
}

// Each dark module of the QR code as a filled square, with the quiet zone the standard asks for around it.
function drawQr(doc: PDFKit.PDFDocument, text: string, top: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / (count + 8);
  const left = (doc.page.width - size) / 2 + 4 * cell;
  const y0 = top + 4 * cell;
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) if (qr.modules.get(row, col)) doc.rect(left + col * cell, y0 + row * cell, cell, cell);
  }
  doc.fill('black');
}

import PDFDocument from 'pdfkit';
import type { Passeport } from '../rules/passeport';
import {
  frenchDate, frenchSessionTime, OBJECTIVE_LABELS, printable, SESSION_KIND_LABELS, VISITS_PER_PAGE, visitPages, visitsOf, type Visit,
} from '../rules/passeport-print';

/** What the PDF shows beside the passeport itself. */
export interface PrintedPasseport {
  passeport: Passeport;
  /** The holder as printed: first name and initial (rules/passeport-print.ts, holderName). */
  holder: string;
  /** The network whose passeport it is (configuration: RELAIS_NETWORK_NAME). */
  networkName: string;
  /** The structure that follows the holder. */
  referentName: string;
}

const MARGIN = 50;
const INK = '#1f2a44';
const MUTED = '#5b6478';
const ACCENT = '#c0392b';
// The standard fonts need no embedding and draw all of French (WinAnsiEncoding, œ and ’ included): text is passed
// through `printable` first, for the rare character they lack.
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/**
 * Draws the passeport as an A4 PDF: on every page a header (the holder's first name and initial, the network, the
 * day of issue) and a footer with the page number; page 1 sums up the journey (métiers discovered with their ROME
 * codes, companies met, shared notes), then the visits follow, VISITS_PER_PAGE to a page, oldest first.
 */
export function renderPasseportPdf(printed: PrintedPasseport): Promise<Buffer> {
  const { passeport } = printed;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: printable(`Passeport métiers – ${printed.holder}`), Author: printable(printed.networkName), Subject: 'Passeport métiers' },
    lang: 'fr-FR',
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const text = (value: string) => printable(value);

  const header = () => {
    const top = MARGIN - 20;
    doc.rect(0, 0, doc.page.width, 6).fill(ACCENT);
    doc.fillColor(INK).font(BOLD).fontSize(20).text('Passeport métiers', MARGIN, top, { width, lineBreak: false });
    doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(text(`Réseau ${printed.networkName}`), MARGIN, top + 6, { width, align: 'right', lineBreak: false });
    doc.font(BOLD).fontSize(13).fillColor(INK).text(text(printed.holder), MARGIN, top + 30, { width, lineBreak: false });
    doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(text(`Suivi·e par ${printed.referentName} · délivré le ${frenchDate(passeport.issuedOn)}`), MARGIN, top + 48, { width, lineBreak: false });
    doc.moveTo(MARGIN, top + 66).lineTo(MARGIN + width, top + 66).lineWidth(0.8).strokeColor(ACCENT).stroke();
    doc.x = MARGIN;
    doc.y = top + 80;
    doc.fillColor(INK);
  };
  // Every page starts with the header, the ones pdfkit adds when a long list overflows too.
  doc.on('pageAdded', header);
  header();

  const heading = (title: string) => {
    doc.moveDown(0.6).font(BOLD).fontSize(14).fillColor(ACCENT).text(text(title), MARGIN, doc.y, { width });
    doc.moveDown(0.3).fillColor(INK);
  };
  const line = (value: string, options: { bold?: boolean; size?: number; color?: string; indent?: number } = {}) => {
    doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? 10).fillColor(options.color ?? INK)
      .text(text(value), MARGIN + (options.indent ?? 0), doc.y, { width: width - (options.indent ?? 0) });
  };

  // Page 1: the journey summed up.
  const visits = visitsOf(passeport);
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  line(
    [
      plural(passeport.sessionCount, 'session suivie', 'sessions suivies'),
      plural(passeport.immersionCount, 'immersion réalisée', 'immersions réalisées'),
      plural(passeport.metiers.length, 'métier découvert', 'métiers découverts'),
      plural(passeport.companies.length, 'entreprise rencontrée', 'entreprises rencontrées'),
      ...(passeport.hostStructures.length > 0 ? [plural(passeport.hostStructures.length, 'structure d’accueil', 'structures d’accueil')] : []),
    ].join(' · '),
    { bold: true, size: 11 },
  );
  heading('Métiers découverts (ROME)');
  if (passeport.metiers.length === 0) line('Aucun pour l’instant : le parcours commence.', { color: MUTED });
  for (const m of passeport.metiers) {
    const where = [m.sessionCount ? plural(m.sessionCount, 'session', 'sessions') : '', m.immersionCount ? plural(m.immersionCount, 'immersion', 'immersions') : ''].filter(Boolean).join(', ');
    line(`${m.code}  ${m.label}`, { bold: true });
    line(`${where} · découvert le ${frenchDate(m.firstMetOn)}`, { color: MUTED, indent: 44 });
  }
  heading('Entreprises rencontrées');
  if (passeport.companies.length === 0) line('Aucune pour l’instant.', { color: MUTED });
  for (const c of passeport.companies) line(`${c.name} — ${plural(c.visits, 'rencontre', 'rencontres')}, la première le ${frenchDate(c.firstMetOn)}`);
  if (passeport.hostStructures.length > 0) {
    // An MFR or an SIAE that opened its doors is met as a company is.
    heading('Structures d’accueil rencontrées');
    for (const h of passeport.hostStructures) line(`${h.name} — ${plural(h.visits, 'rencontre', 'rencontres')}, la première le ${frenchDate(h.firstMetOn)}`);
  }
  if (passeport.sharedNotes.length > 0) {
    heading('Notes partagées avec vous');
    for (const note of passeport.sharedNotes) {
      line(`${note.heading} · ${note.about} · ${frenchDate(note.on)}`, { bold: true });
      for (const l of note.lines) line(l, { indent: 12 });
      doc.moveDown(0.3);
    }
  }
  if (passeport.sessionCount > passeport.sessions.length || passeport.immersionCount > passeport.immersions.length) {
    doc.moveDown(0.5);
    line('Le parcours ci-après montre les visites les plus récentes.', { color: MUTED });
  }

  // Then the visits, a few to a page.
  if (visits.length === 0) {
    heading('Parcours');
    line('Aucune visite pour l’instant.', { color: MUTED });
  }
  visitPages(visits).forEach((page, index) => {
    if (page.length === 0) return;
    doc.addPage();
    const first = index * VISITS_PER_PAGE + 1;
    heading(`Parcours — visites ${first} à ${first + page.length - 1} sur ${visits.length}`);
    for (const visit of page) drawVisit(visit);
  });

  function drawVisit(visit: Visit) {
    doc.moveDown(0.5);
    const page = doc.page;
    const top = doc.y;
    if (visit.type === 'session') {
      const s = visit.session;
      line(`${SESSION_KIND_LABELS[s.kind] ?? s.kind} · ${frenchSessionTime(s.startsAt, s.endsAt)}`, { color: ACCENT, size: 9, bold: true, indent: 10 });
      line(s.title, { bold: true, size: 12, indent: 10 });
      line(`Organisée par ${s.organiserName}`, { indent: 10 });
      if (s.hostCompanyName) line(`Entreprise d’accueil : ${s.hostCompanyName}`, { indent: 10 });
      if (s.hostStructureName) line(`Structure d’accueil : ${s.hostStructureName}`, { indent: 10 });
      if (s.communeName) line(`Lieu : ${s.communeName} (${s.communeCode})`, { indent: 10 });
      if (s.metiers.length > 0) line(`Métiers : ${s.metiers.map((m) => `${m.code} ${m.label}`).join(' · ')}`, { indent: 10 });
    } else {
      const i = visit.immersion;
      const when = [i.agreedOn ? `convenue le ${frenchDate(i.agreedOn)}` : '', i.attendedOn ? `réalisée, présence enregistrée le ${frenchDate(i.attendedOn)}` : 'réalisée'].filter(Boolean).join(' · ');
      line(`Immersion (PMSMP) · ${when}`, { color: ACCENT, size: 9, bold: true, indent: 10 });
      line(i.title, { bold: true, size: 12, indent: 10 });
      line(`Entreprise : ${i.companyName}`, { indent: 10 });
      line(`Métier : ${i.metier.code} ${i.metier.label}${i.appellationLabel ? ` (${i.appellationLabel})` : ''}`, { indent: 10 });
      line(`Objectif : ${OBJECTIVE_LABELS[i.objective] ?? i.objective}`, { indent: 10 });
    }
    // A bar beside the visit, from its first line to its last; none if a very long title pushed it over a page.
    if (doc.page === page) doc.moveTo(MARGIN, top).lineTo(MARGIN, doc.y).lineWidth(2).strokeColor(visit.type === 'session' ? ACCENT : MUTED).stroke();
    doc.moveDown(0.4);
  }

  // Footers, once the number of pages is known.
  const { start, count } = doc.bufferedPageRange();
  for (let n = start; n < start + count; n++) {
    doc.switchToPage(n);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not add a page
    doc.font(REGULAR).fontSize(8).fillColor(MUTED)
      .text(text(`Passeport métiers de ${printed.holder} · Réseau ${printed.networkName} · page ${n + 1} sur ${count}`), MARGIN, doc.page.height - MARGIN, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return ended;
}

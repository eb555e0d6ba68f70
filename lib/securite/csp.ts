/**
 * The portal's Content-Security-Policy. Scripts: only those of this origin that carry the response's nonce, and
 * those they load (`'strict-dynamic'`): no `'unsafe-inline'`, so an injected <script> or `onclick=` does not run.
 * Styles keep `'unsafe-inline'`: React's `style` props (the DSFR components use them) and the ALTCHA widget's
 * styles are attributes and <style> elements, not scripts. In development React needs `eval` for its overlays.
 * Workers: ALTCHA's proof of work runs in workers built from blobs.
 */
export function politiqueDeContenu(nonce: string, options: { developpement?: boolean; cadrable?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.developpement ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    // The app may show its own documents (PDF of an invoice, certificate) in a frame.
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.cadrable ? "'self'" : "'none'"}`,
  ].join("; ");
}

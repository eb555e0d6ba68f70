/** The embedded XML, null when the PDF carries none, or why the PDF cannot be read. */
export function xmlIncorpore(octets: Uint8Array): Promise<{ nom: string; octets: Uint8Array } | null | { illisible: string }>;

import type { CSSProperties } from "react";

// DSFR colours, inlined: mail clients ignore style sheets. Marianne is not available in mail clients.
export const colors = {
  blueFrance: "#000091",
  text: "#161616",
  mention: "#666666",
  border: "#dddddd",
  background: "#f6f6f6",
  white: "#ffffff",
};

export const fontFamily = "Arial, Helvetica, sans-serif";

export const text: CSSProperties = { color: colors.text, fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" };

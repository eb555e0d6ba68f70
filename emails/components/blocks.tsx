// biome-ignore-all lint/suspicious/noArrayIndexKey: the lines of a fixed text, never reordered
import { Fragment, type ReactNode } from "react";
import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { colors, text } from "./styles";

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={{ color: colors.text, fontSize: "24px", lineHeight: "32px", margin: "0 0 24px" }}>
      {children}
    </Heading>
  );
}

export function Subtitle({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={{ color: colors.text, fontSize: "18px", lineHeight: "28px", margin: "24px 0 8px" }}>
      {children}
    </Heading>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={text}>{children}</Text>;
}

export function Greeting({ prenom, nom }: { prenom?: string; nom?: string }) {
  const name = [prenom, nom].filter(Boolean).join(" ");
  return <Paragraph>{name ? `Bonjour ${name},` : "Bonjour,"}</Paragraph>;
}

/**
 * A call to action: a DSFR-like primary button in HTML, and the address itself, which is all the
 * plain-text version keeps (the button and its "copy this address" hint are skipped there).
 */
export function ActionLink({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: "0 0 16px" }}>
      <Button
        href={href}
        data-skip-in-text="true"
        style={{
          backgroundColor: colors.blueFrance,
          color: colors.white,
          fontSize: "16px",
          fontWeight: 500,
          lineHeight: "24px",
          padding: "8px 16px",
          textDecoration: "none",
        }}
      >
        {label}
      </Button>
      <Text data-skip-in-text="true" style={{ ...text, fontSize: "14px", margin: "16px 0 4px" }}>
        Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :
      </Text>
      <Text style={{ ...text, fontSize: "14px", wordBreak: "break-all" }}>
        <Link href={href} style={{ color: colors.blueFrance, textDecoration: "underline" }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

/** A list of "label : value" lines (a summary of what the user entered). */
export function Summary({ rows }: { rows: Array<[label: string, value: string]> }) {
  return (
    <Section style={{ borderLeft: `4px solid ${colors.blueFrance}`, padding: "0 0 0 16px", margin: "0 0 16px" }}>
      {rows.map(([label, value]) => (
        <Text key={label} style={{ ...text, margin: "0 0 4px" }}>
          {label} : <strong>{value}</strong>
        </Text>
      ))}
    </Section>
  );
}

/** A text written by someone else (the reason for a refusal), its line breaks kept in both versions. */
export function Quote({ children }: { children: string }) {
  const lines = children.split(/\r?\n/);
  return (
    <Text style={{ ...text, backgroundColor: colors.background, borderLeft: `4px solid ${colors.border}`, padding: "8px 16px" }}>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </Text>
  );
}

import type { ReactNode } from "react";
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { colors, fontFamily } from "./styles";

export const SERVICE_NAME = "Portail des factures de travaux";

/** The frame of every mail: State header block, service name, content, automatic-mail notice. */
export function MailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="fr" dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.background, fontFamily, margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: colors.white, maxWidth: "600px", border: `1px solid ${colors.border}` }}>
          <Section style={{ padding: "16px 24px", borderBottom: `4px solid ${colors.blueFrance}` }}>
            <Text
              style={{
                color: colors.text,
                fontSize: "14px",
                fontWeight: 700,
                lineHeight: "18px",
                letterSpacing: "0.02em",
                textTransform: "uppercase",
                margin: "0 0 8px",
              }}
            >
              République française
            </Text>
            <Text style={{ color: colors.blueFrance, fontSize: "18px", fontWeight: 700, lineHeight: "24px", margin: 0 }}>{SERVICE_NAME}</Text>
          </Section>
          <Section style={{ padding: "24px" }}>{children}</Section>
          <Hr style={{ borderColor: colors.border, margin: 0 }} />
          <Section style={{ padding: "16px 24px" }}>
            <Text style={{ color: colors.mention, fontSize: "12px", lineHeight: "18px", margin: 0 }}>
              Ce courriel vous a été adressé automatiquement par le {SERVICE_NAME}. Merci de ne pas y répondre : cette adresse n’est pas consultée.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

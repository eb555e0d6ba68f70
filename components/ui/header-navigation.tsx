"use client";

import { usePathname } from "next/navigation";
import { MainNavigation } from "@codegouvfr/react-dsfr/MainNavigation";
import { ANCHORS } from "./service";

function isCurrent(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Main navigation of a signed-in user; marks the current section (aria-current). « Administration »: portal administrators only.
 * « Facturation »: hidden from a user limited to services whose « Factures de travaux » space is all closed (`espaceTravaux`).
 */
export function HeaderNavigation({ administrateur = false, espaceTravaux = true }: { administrateur?: boolean; espaceTravaux?: boolean }) {
  const pathname = usePathname() ?? "/";
  const link = (text: string, href: string) => ({ text, linkProps: { href }, isActive: isCurrent(pathname, href) });
  return (
    <MainNavigation
      id={ANCHORS.navigation}
      items={[
        link("Accueil", "/"),
        link("Tableau de bord", "/tableau-de-bord"),
        ...(espaceTravaux
          ? [
              {
                text: "Facturation",
                isActive: isCurrent(pathname, "/factures-travaux"),
                menuLinks: [link("Factures de travaux", "/factures-travaux")],
              },
            ]
          : []),
        {
          text: "Organisation",
          isActive: isCurrent(pathname, "/structures"),
          menuLinks: [
            link("Structures", "/structures"),
            link("Mes structures", "/structures/mes-structures"),
            link("Recherche avancée", "/structures/annuaire"),
          ],
        },
        ...(administrateur
          ? [
              {
                text: "Administration",
                isActive: isCurrent(pathname, "/administration"),
                menuLinks: [
                  link("Demandes de statut d'acheteur public", "/administration/acheteurs-publics"),
                  link("Structures", "/administration/structures"),
                  link("Journal", "/administration/journal"),
                ],
              },
            ]
          : []),
      ]}
    />
  );
}

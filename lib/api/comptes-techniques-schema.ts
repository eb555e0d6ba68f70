import { z } from "zod";
import type { PorteeApi } from "@/lib/generated/prisma/enums";

/** What « Créer un compte technique » asks (checked in the browser and again by the domain), and the scopes' wording. */

export const PORTEES: Record<PorteeApi, { libelle: string; description: string }> = {
  DEPOT: { libelle: "Dépôt", description: "Créer et modifier des brouillons, joindre des fichiers, envoyer les pièces." },
  TRAITEMENT: {
    libelle: "Traitement",
    description: "Prendre en compte, refuser, suspendre les pièces reçues, déposer la pièce suivante.",
  },
  LECTURE: { libelle: "Consultation", description: "Rechercher et consulter les pièces et dossiers, télécharger leurs fichiers." },
};

export const compteTechniqueSchema = z.object({
  nom: z
    .string({ error: "Le nom du compte technique est obligatoire." })
    .trim()
    .min(1, "Le nom du compte technique est obligatoire.")
    .max(80, "Le nom ne peut dépasser 80 caractères."),
  portees: z
    .array(z.enum(["DEPOT", "TRAITEMENT", "LECTURE"]), { error: "Choisissez au moins une portée." })
    .min(1, "Choisissez au moins une portée.")
    .transform((l) => [...new Set(l)]),
});
export type CompteTechniqueForm = z.input<typeof compteTechniqueSchema>;

import "server-only";
import { structureSaisieServerSchema } from "@/lib/accounts/server-schemas";
import { makeCreerStructureSchema } from "./schemas";

/** The « Créer une structure » form as the browser checks it, plus the checks that need server data (commune list). */
export const creerStructureServerSchema = makeCreerStructureSchema(structureSaisieServerSchema);
export { structureSaisieServerSchema };

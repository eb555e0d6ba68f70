import "server-only";
import { identifierServerSchema } from "@/lib/identifiers/server";
import { makeStructureSaisieSchema } from "./structure-schema";
import { makeCreerCompteSchema } from "./schemas";

/** The same forms as in the browser, plus the checks that need server data (INSEE commune list). */
export const structureSaisieServerSchema = makeStructureSaisieSchema(identifierServerSchema);
export const creerCompteServerSchema = makeCreerCompteSchema(structureSaisieServerSchema);

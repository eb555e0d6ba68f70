import { describe, expect, it } from "vitest";
import { TRADUCTIONS_SWAGGER_UI } from "@/lib/api/swagger-ui-fr";

describe("les mots de Swagger UI en français", () => {
  it("aucune traduction n'est à nouveau traduite : l'observateur de la page ne boucle jamais", () => {
    for (const [anglais, francais] of Object.entries(TRADUCTIONS_SWAGGER_UI)) {
      expect(francais, anglais).not.toBe(anglais);
      expect(Object.hasOwn(TRADUCTIONS_SWAGGER_UI, francais), francais).toBe(false);
    }
  });
});

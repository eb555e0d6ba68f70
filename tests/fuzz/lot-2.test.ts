// Fuzz of every server action and route handler (tests/fuzz/suite.ts), lot 2 of 2.
import { suiteDeFuzz } from "./suite";

await suiteDeFuzz(2, 2);

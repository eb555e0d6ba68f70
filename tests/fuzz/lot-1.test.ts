// Fuzz of every server action and route handler (tests/fuzz/suite.ts), lot 1 of 2.
import { suiteDeFuzz } from "./suite";

await suiteDeFuzz(1, 2);

import { traiterRequeteApi } from "@/lib/api/dispatch";

// The REST API (lib/api/): every method goes through the operations table.
export const dynamic = "force-dynamic";

export const GET = traiterRequeteApi;
export const POST = traiterRequeteApi;
export const PATCH = traiterRequeteApi;
export const PUT = traiterRequeteApi;
export const DELETE = traiterRequeteApi;

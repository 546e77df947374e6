import { COLUMN_BY_ID } from "@/components/runs/columns";
import { parseRunSearch } from "@/components/runs/run-search";
import { getApp } from "@/server/boot";
import { requireCaller } from "@/server/http/authenticate";
import { toJsonError } from "@/server/http/errors";
import { listRuns, type RunListItem } from "@/server/modules/runs";
import { csvHeader, csvLine, exportValue as plain } from "@/server/modules/runs";

export const dynamic = "force-dynamic";

const FORMATS = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
} as const;
type Format = keyof typeof FORMATS;
const PAGE = 1000;

const json = (status: number, message: string) =>
  Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });

/**
 * GET /api/runs/export?<runs URL filters>&format=csv|json|jsonl[&cols=…]: every run matching the filter (its
 * parameters: the run-filter catalogue's URL keys, paging and sorting, `cols` and `format`; any other is a 400),
 * read with the same URL codec and listRuns use-case as the table, streamed page by page with the chosen columns.
 * Authenticated and rate-limited like tRPC (server/http/authenticate.ts): an API key (Bearer) or the browser session.
 */
export async function GET(request: Request) {
  const { db } = await getApp();
  let scope: Awaited<ReturnType<typeof requireCaller>>;
  try {
    scope = await requireCaller(db, request.headers, { sessions: true });
  } catch (error) {
    return toJsonError(error);
  }
  const url = new URL(request.url);
  const format = (url.searchParams.get("format") ?? "csv") as Format;
  if (!(format in FORMATS)) return json(400, "format: must be one of csv, json, jsonl");
  const search = parseRunSearch(url.searchParams);
  // An export must never silently widen the cohort: a misspelled or invalid filter is an error here.
  const unknown = search.unknown.filter((key) => key !== "format");
  if (unknown.length) return json(400, unknown.map((key) => `${key}: unknown parameter`).join("; "));
  if (search.ignored.length) return json(400, search.ignored.map((i) => `${i.key}: ${i.message}`).join("; "));
  const columns = search.cols.map((id) => COLUMN_BY_ID.get(id)!);
  const base = { ...search.input, before: undefined, after: undefined, limit: PAGE };

  // The first page is read before answering, so a bad filter (e.g. an unknown view) is a clean 4xx.
  let first: Awaited<ReturnType<typeof listRuns>>;
  try {
    first = await listRuns(scope, base);
  } catch (error) {
    return toJsonError(error);
  }

  const encoder = new TextEncoder();
  const row = (run: RunListItem) => Object.fromEntries(columns.map((c) => [c.id, plain(c.value(run))]));
  let page: typeof first | null = first;
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvHeader(columns)));
      if (format === "json") controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      if (!page) {
        if (format === "json") controller.enqueue(encoder.encode("]\n"));
        controller.close();
        return;
      }
      const lines = page.items.map((run) => {
        const i = index++;
        if (format === "csv") return csvLine(columns, run);
        if (format === "jsonl") return `${JSON.stringify(row(run))}\n`;
        return `${i === 0 ? "" : ","}\n${JSON.stringify(row(run))}`;
      });
      controller.enqueue(encoder.encode(lines.join("")));
      page = page.nextCursor ? await listRuns(scope, { ...base, after: page.nextCursor }) : null;
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": FORMATS[format],
      "content-disposition": `attachment; filename="runs-${date}.${format}"`,
      "cache-control": "no-store",
    },
  });
}

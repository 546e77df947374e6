import { z } from "zod";

// zod probes `new Function("")` once to decide whether to compile its parsers; under the pages' CSP (no
// 'unsafe-eval') that probe is a reported violation, so the browser is told up front to do without.
z.config({ jitless: true });

import { getApp } from "@/server/boot";

// Opening the app migrates its database (and applies RUNTOWER_INIT_* and the demo seed where enabled).
const database = await getApp();
console.log(`[runtower] ${database.engine} database is migrated`);
await database.close();

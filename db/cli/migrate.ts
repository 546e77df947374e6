import { getAppDatabase } from "@/db/app-database";

// Opening the app database migrates it (and applies RUNTOWER_INIT_* and the demo seed where enabled).
const database = await getAppDatabase();
console.log(`[runtower] ${database.engine} database is migrated`);
await database.close();

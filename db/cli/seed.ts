import { getAppDatabase } from "@/db/app-database";
import { seedDemoData } from "@/db/seed";

const database = await getAppDatabase();
const result = await seedDemoData(database.db);
console.log(result ? `[runtower] seeded ${result.runs} runs, ${result.steps} steps` : "[runtower] demo data already present");
await database.close();

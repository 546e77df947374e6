import { getApp, seedDemoData } from "@/server/boot";

const database = await getApp();
const result = await seedDemoData(database.db);
console.log(result ? `[runtower] seeded ${result.runs} runs, ${result.steps} steps` : "[runtower] demo data already present");
await database.close();

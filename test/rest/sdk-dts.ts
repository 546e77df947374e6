/**
 * Reads interface declarations from @letta-ai/letta-client's shipped .d.ts files, so tests can check at run
 * time that an object has every field the SDK declares, each with a value of the declared type (or null
 * where the SDK allows it). Understands the subset of TypeScript those generated files use.
 */
import fs from "node:fs";
import path from "node:path";

const SDK_ROOT = path.resolve(import.meta.dirname, "../../node_modules/@letta-ai/letta-client/resources");
const SDK_FILES = [
  "runs/runs.d.ts",
  "agents/messages.d.ts",
  "steps/steps.d.ts",
  "steps/metrics.d.ts",
  "runs/usage.d.ts",
  "tools.d.ts",
];
const sources = new Map<string, string>();
const source = (file: string) => {
  if (!sources.has(file)) sources.set(file, fs.readFileSync(path.join(SDK_ROOT, file), "utf8"));
  return sources.get(file)!;
};

export interface DeclaredField {
  name: string;
  optional: boolean;
  type: string;
}

/** The top-level fields of `export interface <name> {…}` in one of the SDK's files (comments skipped). */
export function declaredFields(file: string, name: string): DeclaredField[] {
  const text = source(file).replace(/\/\*\*[\s\S]*?\*\//g, "");
  const start = text.indexOf(`export interface ${name} {`);
  if (start < 0) throw new Error(`interface ${name} not found in ${file}`);
  const fields: DeclaredField[] = [];
  let depth = 0;
  let current = "";
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "<") depth++;
    if (c === "}" || c === ">") depth--;
    if (depth === 0) break;
    if (depth === 1 && c === ";") {
      const match = current.trim().match(/^(\w+)(\?)?:\s*([\s\S]+)$/);
      if (match) fields.push({ name: match[1], optional: Boolean(match[2]), type: match[3].replace(/\s+/g, " ").trim() });
      current = "";
    } else if (!(depth === 1 && c === "{")) current += c;
  }
  return fields;
}

function splitTopLevel(type: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of type) {
    if ("{<(".includes(c)) depth++;
    if ("}>)".includes(c)) depth--;
    if (depth === 0 && c === separator) {
      parts.push(current.trim());
      current = "";
    } else current += c;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/** `export type X = …;` → its text; `interface X` → "object". Names are looked up across the SDK files. */
function resolveName(qualified: string): string {
  const name = qualified.split(".").pop()!;
  for (const file of SDK_FILES) {
    const text = source(file).replace(/\/\*\*[\s\S]*?\*\//g, "");
    const alias = text.match(new RegExp(`export type ${name} =([^;]+);`));
    if (alias) return alias[1].trim();
    if (new RegExp(`interface ${name} \\{`).test(text)) return "object";
  }
  throw new Error(`type ${qualified} not found in the SDK's declarations`);
}

/** Whether a JSON value fits a declared TypeScript type. */
export function fitsDeclaredType(value: unknown, type: string): boolean {
  return splitTopLevel(type, "|").some((alternative) => {
    if (alternative === "null") return value === null;
    if (alternative === "unknown") return true;
    if (alternative === "string" || alternative === "number" || alternative === "boolean") return typeof value === alternative;
    if (/^'.*'$/.test(alternative)) return value === alternative.slice(1, -1);
    const array = alternative.match(/^Array<(.+)>$/);
    if (array) return Array.isArray(value) && value.every((v) => fitsDeclaredType(v, array[1]));
    if (alternative.startsWith("{") || alternative === "object")
      return typeof value === "object" && value !== null && !Array.isArray(value);
    if (/^[\w.]+$/.test(alternative)) return fitsDeclaredType(value, resolveName(alternative));
    throw new Error(`unsupported declared type: ${alternative}`);
  });
}

/** Problems of `value` against the SDK interface: missing fields and values of the wrong type. */
export function checkAgainstSdk(value: Record<string, unknown>, file: string, name: string): string[] {
  const problems: string[] = [];
  for (const field of declaredFields(file, name)) {
    if (!(field.name in value)) problems.push(`${name}.${field.name}: missing (declared ${field.type})`);
    else if (!fitsDeclaredType(value[field.name], field.type))
      problems.push(`${name}.${field.name}: ${JSON.stringify(value[field.name])} does not fit ${field.type}`);
  }
  return problems;
}

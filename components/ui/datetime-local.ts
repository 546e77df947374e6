/** A date as `<input type="datetime-local">` wants it: "YYYY-MM-DDTHH:mm" in the viewer's zone ("" for none). */
export function toLocalInput(d: Date | undefined): string {
  if (!d) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

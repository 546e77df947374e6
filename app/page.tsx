import { redirect } from "next/navigation";

// The runs table is the home page.
export default function HomePage() {
  redirect("/runs");
}

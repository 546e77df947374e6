"use client";

import { useState } from "react";
import { buttonClass } from "./styles";

/** Copies `value`; says "Copied" for a moment. Falls back to selecting a hidden textarea where the Clipboard API is missing. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      const area = document.createElement("textarea");
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className={buttonClass("secondary")} onClick={copy} aria-label={`${label}: ${value.slice(0, 12)}…`}>
      {copied ? "Copied" : label}
    </button>
  );
}

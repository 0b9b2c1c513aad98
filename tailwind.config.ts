import type { Config } from "tailwindcss";

/**
 * Tailwind v4 reads its theme from src/app/globals.css; this file (loaded there with @config)
 * holds the few extensions that are easier to express in TypeScript.
 */
export default {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
    },
  },
} satisfies Config;

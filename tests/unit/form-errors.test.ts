import { describe, expect, it } from "vitest";
import { trpcIssueErrors } from "@/lib/form-errors";

describe("trpcIssueErrors", () => {
  it("keys an update's issues by the form field inside `patch`, first message per field", () => {
    const error = {
      message: "Invalid input",
      data: {
        issues: [
          { path: "patch.name", message: "Too long" },
          { path: "patch.name", message: "Second message" },
          { path: "patch.permissions.2", message: "Unknown permission" },
        ],
      },
    };
    expect(trpcIssueErrors(error, "patch")).toEqual({ name: "Too long", permissions: "Unknown permission" });
  });

  it("reads a create's issues (no `patch`) the same way, and nothing from an error without issues", () => {
    expect(trpcIssueErrors({ message: "x", data: { issues: [{ path: "base_url", message: "Not a URL" }] } }, "patch")).toEqual({ base_url: "Not a URL" });
    expect(trpcIssueErrors({ message: "Network down" })).toEqual({});
  });
});

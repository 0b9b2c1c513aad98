import type { Viewer } from "@/server/auth/viewer";
import { AppError } from "@/server/errors";

/** The audit trail, the security overview and the logs are for administrators only. */
export function assertAdmin(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw new AppError("UNAUTHORIZED", "Sign in first");
  if (viewer.role !== "admin") throw new AppError("FORBIDDEN", "Administrators only");
}

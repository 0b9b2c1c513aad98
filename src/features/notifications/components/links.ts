/** Where a notification leads: the page where the person can act on it. */
export function notificationHref(type: string) {
  switch (type) {
    case "friend_request":
      return "/friends?tab=incoming";
    case "friend_accepted":
      return "/friends";
    case "calendar_invitation":
      return "/inbox";
    case "calendar_accepted":
      return "/calendar";
    case "approval_requested":
      return "/approvals?status=pending";
    default:
      return "/dashboard";
  }
}

export interface LiveNotification {
  id: string;
  type: string;
  title: string;
  content: string | null;
  data: Record<string, unknown>;
  is_read: boolean;
  created_at: string;
}

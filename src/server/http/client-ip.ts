/** Set by server.ts from the socket address; any client-sent value is overwritten there. */
export const CLIENT_IP_HEADER = "x-atrium-client-ip";

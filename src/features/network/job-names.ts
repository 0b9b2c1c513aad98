/** The network's job names (the job runner's registry keys). */
export const PEER_MESSAGE_JOB = "network-peer-message";
export const PEER_PING_JOB = "network-peer-ping";
export const DEVICE_NOTIFICATION_JOB = "network-device-notification";

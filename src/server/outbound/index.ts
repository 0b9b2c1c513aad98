export { assertPublicHost, guardedFetch, guardedFetcher, privateAddressesAllowed, type AllowPrivate, type GuardOptions } from "./guarded-fetch";
export { refusalReason } from "./ip-rules";

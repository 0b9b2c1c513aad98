export { BUILTIN_LABEL, BUILTIN_MODEL_ID, BUILTIN_PROVIDER, BuiltinModel } from "./builtin-model";
export { describeModelError, isAbort } from "./errors";
export { withMetering, type CallRecorder, type MeteredCall } from "./metering";
export { costMicros, DEFAULT_PRICES, findPrice, type Price } from "./prices";
export { builtinSpec, PROVIDERS, resolveModel, type ModelSpec, type ProviderName } from "./providers";

/** The editor checks with the engine's own rules (pure, no server imports): what is red here is refused there. */
export { canConnect, validateDefinition } from "../../engine/validate";

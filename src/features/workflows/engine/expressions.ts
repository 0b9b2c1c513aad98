import jsonata from "jsonata";
import { NodeError, type ExpressionScope } from "../nodes/types";

/**
 * Workflow expressions: JSONata over the run's scope `{ input, nodes, item, index }` (see
 * definition.ts). Plain JS with no server imports, so the editor can use the same parser to mark a
 * broken expression before a run.
 *
 * Every evaluation is bounded: the expression's length, its time and recursion depth (JSONata's own
 * guardrails, checked on every step of the evaluation), the length of any sequence it builds, and
 * the size of what it returns. A user's expression can therefore neither hang a worker nor fill its
 * memory with one enormous value.
 */

export const MAX_EXPRESSION_LENGTH = 2_000;
export const EVALUATION_TIMEOUT_MS = 100;
export const MAX_DEPTH = 100;
/** The longest sequence an expression may build (a guard against `[1..10000000]`). */
const MAX_SEQUENCE = 100_000;
/** The largest result, as JSON, and the longest rendered template. */
export const MAX_RESULT_BYTES = 1024 * 1024;
const CACHE_SIZE = 500;

export interface ExpressionProblem {
  message: string;
  /** Character offset in the expression (JSONata's), when known. */
  position: number | null;
}

interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

/** Compiled expressions by source, least recently used dropped first (a Map keeps insertion order). */
const compiled = new Map<string, jsonata.Expression>();

function compile(expression: string): jsonata.Expression {
  const hit = compiled.get(expression);
  if (hit) {
    compiled.delete(expression);
    compiled.set(expression, hit);
    return hit;
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new NodeError(`Expression is too long (${expression.length} characters, at most ${MAX_EXPRESSION_LENGTH})`, false);
  }
  let parsed: jsonata.Expression;
  try {
    parsed = jsonata(expression, { timeout: EVALUATION_TIMEOUT_MS, stack: MAX_DEPTH, sequence: MAX_SEQUENCE });
  } catch (error) {
    throw new NodeError(`Expression ${describeFailure(error, expression)}`, false);
  }
  const risky = riskyRegex(parsed.ast());
  if (risky) throw new NodeError(`Expression "${shorten(expression)}" has a regular expression with a repeated group that itself repeats (${risky}); such patterns can take exponential time. Rewrite it without nesting + or * inside a repeated group`, false);
  guardStrings(parsed);
  compiled.set(expression, parsed);
  if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  return parsed;
}

/** A syntax error in `expression` (or its length), or null when it compiles. Never throws. */
export function checkExpression(expression: string): ExpressionProblem | null {
  if (!expression.trim()) return { message: "Expression is empty", position: null };
  try {
    compile(expression);
    return null;
  } catch (error) {
    const raw = error instanceof NodeError ? error.message : String(error);
    const position = /at position (\d+)/.exec(raw);
    return { message: raw, position: position ? Number(position[1]) : null };
  }
}

/** The first problem among a template's placeholders (unclosed `{{`, a syntax error), or null. */
export function checkTemplate(template: string): ExpressionProblem | null {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(template);
  } catch (error) {
    return { message: (error as Error).message, position: null };
  }
  for (const part of parts) {
    if (part.kind !== "expression") continue;
    const problem = checkExpression(part.source);
    if (problem) return { message: `In {{ ${shorten(part.source)} }}: ${problem.message}`, position: problem.position };
  }
  return null;
}

/** Evaluates one JSONata expression against the scope. Throws NodeError (not retryable) on any failure. */
export async function evaluate(expression: string, scope: ExpressionScope): Promise<unknown> {
  const compiledExpression = compile(expression);
  let result: unknown;
  try {
    // The scope is both the input document (`nodes.a.output`) and variables (`$nodes.a.output`, `$item`).
    result = await compiledExpression.evaluate(scope, { input: scope.input, nodes: scope.nodes, item: scope.item, index: scope.index });
  } catch (error) {
    throw new NodeError(`Expression ${describeFailure(error, expression)}`, false);
  }
  const plain = toPlain(result);
  assertSize(plain, expression);
  return plain;
}

/** Replaces each `{{ expr }}` by its value: strings as they are, nothing for undefined/null, anything else as JSON. */
export async function renderTemplate(template: string, scope: ExpressionScope): Promise<string> {
  let out = "";
  for (const part of parseTemplate(template)) {
    out += part.kind === "text" ? part.text : stringify(await evaluate(part.source, scope));
    if (out.length > MAX_RESULT_BYTES) throw new NodeError(`The rendered text is larger than ${MAX_RESULT_BYTES} characters`, false);
  }
  return out;
}

/**
 * A template that is exactly one placeholder keeps its value's type (`{{ nodes.a.output }}` is the
 * object itself, `{{ 1 + 1 }}` the number 2); anything else renders to a string.
 */
export async function renderValue(template: string, scope: ExpressionScope): Promise<unknown> {
  const parts = parseTemplate(template.trim());
  if (parts.length === 1 && parts[0].kind === "expression") return (await evaluate(parts[0].source, scope)) ?? null;
  return renderTemplate(template, scope);
}

/** Whether a text holds at least one `{{ }}` placeholder. */
export const hasPlaceholder = (template: string) => template.includes("{{");

type TemplatePart = { kind: "text"; text: string } | { kind: "expression"; source: string };

/**
 * Splits a template into text and placeholders. A placeholder ends at the first `}}` outside a
 * string literal and outside braces the expression opened itself, so `{{ {"a": {"b": 1}} }}` works.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf("{{", at);
    if (open < 0) {
      parts.push({ kind: "text", text: template.slice(at) });
      break;
    }
    if (open > at) parts.push({ kind: "text", text: template.slice(at, open) });
    const close = placeholderEnd(template, open + 2);
    if (close < 0) throw new NodeError(`A {{ at character ${open} is never closed with }}`, false);
    const source = template.slice(open + 2, close).trim();
    if (!source) throw new NodeError(`The placeholder at character ${open} is empty`, false);
    parts.push({ kind: "expression", source });
    at = close + 2;
  }
  return parts;
}

function placeholderEnd(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0 && text[i + 1] === "}") return i;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * JSONata results can be its internal sequences (arrays with extra flags) or functions; the run
 * stores JSON, so the value is turned into plain JSON here (functions become undefined).
 */
function toPlain(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof value === "function") return undefined;
  if (typeof value !== "object") return typeof value === "number" && !Number.isFinite(value) ? null : value;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function assertSize(value: unknown, expression: string) {
  if (value === undefined) return;
  const size = typeof value === "string" ? value.length : JSON.stringify(value).length;
  if (size > MAX_RESULT_BYTES) throw new NodeError(`Expression ${shorten(expression)} produced a value larger than ${MAX_RESULT_BYTES} bytes`, false);
}

const STRING_TOO_LONG = "ATRIUM_STRING_TOO_LONG";

/**
 * Strings are the one thing JSONata lets an expression grow without a sequence: `$a & $a` doubles,
 * `$pad` and `$join` build one string in a single step. Every intermediate string is checked as its
 * step ends, and `$pad`/`$join` check their result's length before building it.
 */
function guardStrings(expression: jsonata.Expression) {
  const tooLong = () => ({ code: STRING_TOO_LONG });
  expression.assign(Symbol.for("jsonata.__evaluate_exit") as unknown as string, (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => {
    if (typeof result === "string" && result.length > MAX_RESULT_BYTES) throw tooLong();
  });
  expression.registerFunction(
    "pad",
    (text: string | undefined, width: number, padding?: string) => {
      if (text === undefined) return undefined;
      const target = Math.trunc(Math.abs(width));
      if (target > MAX_RESULT_BYTES) throw tooLong();
      const fill = padding || " ";
      return width < 0 ? text.padStart(target - [...text].length + text.length, fill) : text.padEnd(target - [...text].length + text.length, fill);
    },
    "<s-ns?:s>",
  );
  expression.registerFunction(
    "join",
    (parts: string[] | undefined, separator = "") => {
      if (parts === undefined) return undefined;
      const length = parts.reduce((sum, part) => sum + part.length, 0) + separator.length * Math.max(0, parts.length - 1);
      if (length > MAX_RESULT_BYTES) throw tooLong();
      return parts.join(separator);
    },
    "<a<s>s?:s>",
  );
}

function describeFailure(error: unknown, expression: string): string {
  const failure = (error ?? {}) as JsonataFailure;
  const where = typeof failure.position === "number" ? ` at position ${failure.position}` : "";
  const subject = `"${shorten(expression)}"`;
  switch (failure.code) {
    case "D1012":
      return `${subject} stopped after ${EVALUATION_TIMEOUT_MS} ms (an endless or very long evaluation)`;
    case "D1011":
      return `${subject} recursed deeper than ${MAX_DEPTH} levels`;
    case STRING_TOO_LONG:
      return `${subject} built a text longer than ${MAX_RESULT_BYTES} characters`;
    case "D2015":
      return `${subject} built a sequence longer than ${MAX_SEQUENCE} items`;
  }
  const message = failure.message ?? (error instanceof Error ? error.message : String(error));
  const kind = failure.code?.startsWith("S") ? "has a syntax error" : "failed";
  return `${subject} ${kind}${where}: ${message}`;
}

/**
 * JSONata runs regex literals with JavaScript's backtracking engine, and its time limit is checked
 * between evaluation steps, not inside one `RegExp.exec`: a pattern like `(a+)+$` could hold the
 * worker for minutes. Regexes come only from literals, so they are all in the AST: any group that
 * holds a quantifier and is itself quantified (`+`, `*`, `{n,}`) is refused.
 */
function riskyRegex(ast: unknown): string | null {
  const stack: unknown[] = [ast];
  let visited = 0;
  while (stack.length && visited++ < 100_000) {
    const node = stack.pop();
    if (node instanceof RegExp) {
      if (nestedQuantifier(node.source)) return `/${shorten(node.source)}/`;
      continue;
    }
    if (node && typeof node === "object") for (const value of Object.values(node)) if (value && typeof value === "object") stack.push(value);
  }
  return null;
}

function nestedQuantifier(source: string): boolean {
  // For each open group: does it contain a quantifier (directly or in a nested group)?
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") groups.push(false);
    else if (c === ")") {
      const quantifiedInside = groups.pop() ?? false;
      const next = source[i + 1];
      const bound = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i + 1));
      const repeated = next === "+" || next === "*" || (bound !== null && bound[2] !== undefined && (bound[3] === "" || Number(bound[3]) > 10));
      if (quantifiedInside && repeated) return true;
      if (groups.length && (quantifiedInside || repeated)) groups[groups.length - 1] = true;
    } else if ((c === "+" || c === "*" || (c === "{" && /^\{\d+,/.test(source.slice(i)))) && groups.length) groups[groups.length - 1] = true;
  }
  return false;
}

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

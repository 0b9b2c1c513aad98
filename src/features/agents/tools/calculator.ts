import { z } from "zod";
import { AppError } from "@/server/errors";
import { defineTool } from "./types";

type MathJs = typeof import("mathjs");
type MathNode = import("mathjs").MathNode;

const FUNCTIONS = new Set([
  "abs", "acos", "asin", "atan", "atan2", "cbrt", "ceil", "cos", "cosh", "exp", "floor", "gcd", "hypot", "lcm", "log", "log10", "log2",
  "max", "min", "mod", "nthRoot", "pow", "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh",
]);
const CONSTANTS = new Set(["pi", "e", "tau", "phi"]);
const OPERATORS = new Set(["add", "subtract", "multiply", "divide", "pow", "mod", "unaryMinus", "unaryPlus"]);

let math: Promise<ReturnType<MathJs["create"]>> | undefined;
/** mathjs takes about a second to load, so it loads on first need (and `warmCalculator` starts that early). */
const mathjs = () => (math ??= import("mathjs/number").then(({ create, all }) => create(all)));
export const warmCalculator = () => void mathjs().catch(() => (math = undefined));

/**
 * Arithmetic without eval: the expression is parsed by mathjs and every node is checked against a
 * whitelist (numbers, + - * / ^ %, parentheses, a few constants and functions) before it is
 * evaluated with an empty scope. Assignments, units, matrices, strings, property access and
 * function definitions are refused.
 */
export function checkExpression(root: MathNode) {
  root.traverse((node, _path, parent) => {
    switch (node.type) {
      case "ConstantNode":
        if (typeof (node as unknown as { value: unknown }).value !== "number") throw refuse("only numbers are allowed");
        return;
      case "ParenthesisNode":
        return;
      case "OperatorNode": {
        const fn = (node as unknown as { fn: string }).fn;
        if (!OPERATORS.has(fn)) throw refuse(`the operator "${(node as unknown as { op: string }).op}" is not allowed`);
        return;
      }
      case "FunctionNode": {
        const name = (node as unknown as { fn: { name?: string } }).fn.name ?? "";
        if (!FUNCTIONS.has(name)) throw refuse(`the function "${name}" is not allowed`);
        return;
      }
      case "SymbolNode": {
        const name = (node as unknown as { name: string }).name;
        const isCallee = parent?.type === "FunctionNode" && (parent as unknown as { fn: MathNode }).fn === node;
        if (isCallee ? !FUNCTIONS.has(name) : !CONSTANTS.has(name)) throw refuse(`"${name}" is not a known constant`);
        return;
      }
      default:
        throw refuse(`${node.type.replace(/Node$/, "").toLowerCase()} expressions are not allowed`);
    }
  });
}

const refuse = (why: string) => new AppError("BAD_REQUEST", `Cannot evaluate: ${why}. Use numbers, + - * / ^ %, parentheses, pi, e and functions such as sqrt, round, log.`);

export async function evaluateExpression(expression: string) {
  const m = await mathjs();
  let root: MathNode;
  try {
    root = m.parse(expression);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `Cannot parse the expression: ${(error as Error).message}`);
  }
  checkExpression(root);
  let value: unknown;
  try {
    value = root.compile().evaluate({});
  } catch (error) {
    throw new AppError("BAD_REQUEST", `Cannot evaluate: ${(error as Error).message}`);
  }
  if (typeof value !== "number") throw refuse("the result is not a number");
  if (Number.isNaN(value)) throw new AppError("BAD_REQUEST", "The result is not a number (NaN)");
  return Number(m.format(value, { precision: 14 }));
}

export const calculator = defineTool({
  name: "calculator",
  description: "Evaluate an arithmetic expression exactly, e.g. \"(17 + 25) * 3 / 2\" or \"sqrt(2) * pi\". Supports + - * / ^ %, parentheses, pi, e and math functions (sqrt, round, floor, ceil, abs, min, max, log, exp, sin, cos, tan, pow ...).",
  inputSchema: z.object({ expression: z.string().trim().min(1).max(500).describe("The expression to evaluate") }),
  async execute(_ctx, { expression }) {
    return { expression, result: await evaluateExpression(expression) };
  },
});

import { describe, expect, it } from "vitest";
import { checkExpression, checkTemplate, evaluate, parseTemplate, renderTemplate, renderValue } from "@/features/workflows/engine/expressions";
import { NodeError, type ExpressionScope } from "@/features/workflows/nodes/types";

const scope: ExpressionScope = {
  input: { name: "Ada", tags: ["a", "b"], n: 3 },
  nodes: { fetch: { output: { status: 200, body: { title: "Hello", items: [1, 2, 3] } } } },
};

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as NodeError;
  }
  throw new Error("expected a failure");
}

describe("evaluate", () => {
  it("reads the scope as paths and as variables", async () => {
    expect(await evaluate("nodes.fetch.output.body.title", scope)).toBe("Hello");
    expect(await evaluate("$sum(nodes.fetch.output.body.items)", scope)).toBe(6);
    expect(await evaluate("$input.n * 2", scope)).toBe(6);
    expect(await evaluate("$item & '-' & $string($index)", { ...scope, item: "x", index: 4 })).toBe("x-4");
    expect(await evaluate("input.tags", scope)).toEqual(["a", "b"]);
    expect(await evaluate("input.missing", scope)).toBeUndefined();
  });

  it("returns plain JSON (no JSONata sequences)", async () => {
    const value = await evaluate("nodes.fetch.output.body.items.($ * 10)", scope);
    expect(value).toEqual([10, 20, 30]);
    expect(Object.keys(value as object)).toEqual(["0", "1", "2"]);
  });

  it("names the position of a syntax error", async () => {
    const error = await failure(evaluate("input.name +", scope));
    expect(error).toBeInstanceOf(NodeError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/syntax error at position \d+/);
    expect(checkExpression("input.(")).toMatchObject({ position: expect.any(Number) });
    expect(checkExpression("input.name")).toBeNull();
    expect(checkExpression("")).toMatchObject({ message: "Expression is empty" });
  });

  it("refuses an expression longer than 2,000 characters", async () => {
    const error = await failure(evaluate(`"${"x".repeat(2_100)}"`, scope));
    expect(error.message).toMatch(/too long/);
  });

  it("stops an endless evaluation within about 100 ms", async () => {
    const started = Date.now();
    const error = await failure(evaluate("($f := function($n) { $n < 0 ? 0 : $f($n) }; $f(1))", scope));
    expect(error.message).toMatch(/recursed deeper than 100 levels|stopped after 100 ms/);
    const loop = await failure(evaluate("($l := function($n){ $n > 1e12 ? $n : $l($n + 1) }; [1..50000].($l(1)))", scope));
    expect(loop.message).toMatch(/stopped after 100 ms|recursed deeper/);
    const nested = await failure(evaluate("$sum([1..50000].($sum([1..50000])))", scope));
    expect(nested.message).toMatch(/stopped after 100 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses regexes that can backtrack exponentially, and runs the others", async () => {
    for (const risky of ["$match('aaaa!', /(a+)+$/)", "$contains(input.name, /(\\w+\\s?)*x/)", "$replace('x', /(?:a*b){2,}/, '')"]) {
      expect(checkExpression(risky)?.message, risky).toMatch(/repeated group that itself repeats/);
    }
    expect(await evaluate("$contains(input.name, /^A(d|x)+a$/)", scope)).toBe(true);
    expect(await evaluate("$replace('1234567', /(\\d{3})+$/, 'n')", scope)).toBe("1n");
    expect(checkExpression("$split('a,b', /[(+)]+/)")).toBeNull();
  });

  it("bounds sequences and the result size", async () => {
    expect((await failure(evaluate("[1..200000]", scope))).message).toMatch(/sequence longer than/);
    for (const huge of ["$pad('', 500000000, 'x')", "$reduce([1..40], function($a, $i){ $a & $a }, 'xy')", "$join([1..200].($pad('', 10000, 'x')))"]) {
      const started = Date.now();
      expect((await failure(evaluate(huge, scope))).message, huge).toMatch(/built a text longer than 1048576 characters/);
      expect(Date.now() - started, huge).toBeLessThan(500);
    }
    expect(await evaluate("$pad('ab', 5, '-') & $pad('ab', -5) & $join(['a','b'], ',')", scope)).toBe("ab---   aba,b");
  });
});

describe("templates", () => {
  it("renders placeholders, objects as JSON, nothing for missing values", async () => {
    expect(await renderTemplate("Hi {{ input.name }}, {{ input.n + 1 }} {{ input.tags }}{{ input.nope }}!", scope)).toBe('Hi Ada, 4 ["a","b"]!');
    expect(await renderTemplate("no placeholders", scope)).toBe("no placeholders");
  });

  it("keeps a single placeholder's type", async () => {
    expect(await renderValue("{{ nodes.fetch.output.body }}", scope)).toEqual({ title: "Hello", items: [1, 2, 3] });
    expect(await renderValue(" {{ input.n }} ", scope)).toBe(3);
    expect(await renderValue("{{ input.nope }}", scope)).toBeNull();
    expect(await renderValue("n={{ input.n }}", scope)).toBe("n=3");
  });

  it("lets an expression hold braces and strings with }}", async () => {
    expect(await renderValue('{{ {"a": {"b": input.n}} }}', scope)).toEqual({ a: { b: 3 } });
    expect(await renderTemplate("{{ '}}' & input.name }}", scope)).toBe("}}Ada");
    expect(parseTemplate("a {{ x }} b")).toEqual([
      { kind: "text", text: "a " },
      { kind: "expression", source: "x" },
      { kind: "text", text: " b" },
    ]);
  });

  it("reports an unclosed or broken placeholder", async () => {
    expect(checkTemplate("Hi {{ input.name")?.message).toMatch(/never closed/);
    expect(checkTemplate("Hi {{ input.name + }}")?.message).toMatch(/In \{\{ input\.name \+ \}\}: .*syntax error/);
    expect(checkTemplate("Hi {{ input.name }}")).toBeNull();
    expect((await failure(renderTemplate("{{ }}", scope))).message).toMatch(/empty/);
  });
});

import { describe, expect, it } from "vitest";
import { CircuitBreakers } from "@/features/gateway/service/breaker";
import { backoffMs } from "@/features/gateway/service/failures";

function breakersAt(failures = 3, cooldownMs = 1000) {
  const clock = { now: 0 };
  const b = new CircuitBreakers(() => ({ failures, cooldownMs, now: () => clock.now }));
  return { b, clock };
}

describe("circuit breaker", () => {
  it("stays closed below the threshold and a success resets the count", () => {
    const { b } = breakersAt(3);
    b.failure("p", "boom");
    b.failure("p", "boom");
    b.success("p");
    b.failure("p", "boom");
    b.failure("p", "boom");
    expect(b.stateOf("p")).toBe("closed");
    expect(b.tryAcquire("p")).toBe(true);
  });

  it("opens after N consecutive failures and refuses calls until the cooldown has passed", () => {
    const { b, clock } = breakersAt(3, 1000);
    for (let i = 0; i < 3; i++) b.failure("p", "HTTP 500");
    expect(b.stateOf("p")).toBe("open");
    expect(b.tryAcquire("p")).toBe(false);
    expect(b.view("p")).toEqual({ state: "open", consecutive_failures: 3, retry_at: 1000, last_error: "HTTP 500" });
    clock.now = 999;
    expect(b.isAvailable("p")).toBe(false);
    clock.now = 1000;
    expect(b.stateOf("p")).toBe("half_open");
  });

  it("half-open admits exactly one probe; its success closes the circuit", () => {
    const { b, clock } = breakersAt(1, 100);
    b.failure("p", "x");
    clock.now = 100;
    expect(b.tryAcquire("p")).toBe(true);
    expect(b.tryAcquire("p")).toBe(false);
    expect(b.isAvailable("p")).toBe(false);
    b.success("p");
    expect(b.stateOf("p")).toBe("closed");
    expect(b.tryAcquire("p")).toBe(true);
  });

  it("a failed probe opens the circuit for another cooldown", () => {
    const { b, clock } = breakersAt(5, 100);
    for (let i = 0; i < 5; i++) b.failure("p", "x");
    clock.now = 150;
    expect(b.tryAcquire("p")).toBe(true);
    b.failure("p", "still down");
    expect(b.stateOf("p")).toBe("open");
    clock.now = 249;
    expect(b.tryAcquire("p")).toBe(false);
    clock.now = 250;
    expect(b.tryAcquire("p")).toBe(true);
  });

  it("a probe that ended without an answer (client gone) frees the slot for the next one", () => {
    const { b, clock } = breakersAt(1, 10);
    b.failure("p", "x");
    clock.now = 10;
    expect(b.tryAcquire("p")).toBe(true);
    b.release("p");
    expect(b.tryAcquire("p")).toBe(true);
  });

  it("keeps providers apart", () => {
    const { b } = breakersAt(1);
    b.failure("a", "x");
    expect(b.stateOf("a")).toBe("open");
    expect(b.stateOf("b")).toBe("closed");
  });
});

describe("retry backoff", () => {
  it("doubles with jitter and honours a short Retry-After", () => {
    expect(backoffMs(1, 200, null, () => 0)).toBe(100);
    expect(backoffMs(1, 200, null, () => 1)).toBe(200);
    expect(backoffMs(3, 200, null, () => 1)).toBe(800);
    expect(backoffMs(2, 200, 1500)).toBe(1500);
    expect(backoffMs(1, 200, 60_000, () => 1)).toBe(200);
  });
});

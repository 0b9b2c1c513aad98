"use client";

import clsx from "clsx";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { Calls } from "./types";

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(4)}`;

/** Latency, tokens and cost per minute of the last hour, and the latest calls (refreshed every few seconds). */
export function CallActivity({ data }: { data: Calls }) {
  const series = data.series.map((s) => ({ minute: s.minute.slice(11, 16), "Median ms": s.latency_p50, "Max ms": s.latency_max, Tokens: s.tokens, Cost: s.cost_micros / 1_000_000 }));
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-3">
        <Chart title="Latency" label="Median and maximum latency per minute">
          <LineChart data={series}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" fontSize={11} />
            <YAxis fontSize={11} width={40} />
            <Tooltip />
            <Line type="monotone" dataKey="Median ms" stroke="#3b55e6" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="Max ms" stroke="#f59e0b" dot={false} isAnimationActive={false} />
          </LineChart>
        </Chart>
        <Chart title="Tokens" label="Tokens per minute">
          <BarChart data={series}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={40} />
            <Tooltip />
            <Bar dataKey="Tokens" fill="#10b981" isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title="Cost" label="Cost in dollars per minute">
          <BarChart data={series}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" fontSize={11} />
            <YAxis fontSize={11} width={48} />
            <Tooltip formatter={(v) => `$${Number(v).toFixed(4)}`} />
            <Bar dataKey="Cost" fill="#8b5cf6" isAnimationActive={false} />
          </BarChart>
        </Chart>
      </div>
      <Card className="mt-4">
        <CardHeader title="Request log" description="The latest calls through /v1 (each provider attempt is one row)" />
        <CardBody className="overflow-x-auto">
          {data.log.length === 0 ? (
            <p className="text-sm text-zinc-600">No calls in the last hour. Run the snippet above and they appear here.</p>
          ) : (
            <table className="w-full min-w-[36rem] text-sm">
              <caption className="sr-only">Latest gateway calls</caption>
              <thead>
                <tr className="text-left text-xs text-zinc-500">
                  <th className="py-1 font-medium">Time</th>
                  <th className="py-1 font-medium">Model</th>
                  <th className="py-1 font-medium">Status</th>
                  <th className="py-1 text-right font-medium">Latency</th>
                  <th className="py-1 text-right font-medium">Tokens</th>
                  <th className="py-1 text-right font-medium">Cost</th>
                </tr>
              </thead>
              <tbody>
                {data.log.map((r) => (
                  <tr key={r.id} className="border-t border-zinc-100">
                    <td className="py-1.5 whitespace-nowrap">
                      <LocalTime value={r.at} />
                    </td>
                    <td className="py-1.5 font-mono text-xs">{r.model}</td>
                    <td className={clsx("py-1.5", r.status === "ok" ? "text-emerald-700" : "text-red-700")} title={r.error ?? undefined}>
                      {r.status}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{r.latency_ms} ms</td>
                    <td className="py-1.5 text-right tabular-nums">{r.tokens}</td>
                    <td className="py-1.5 text-right tabular-nums">{dollars(r.cost_micros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardBody>
      </Card>
    </>
  );
}

function Chart({ title, label, children }: { title: string; label: string; children: React.ReactElement }) {
  return (
    <Card>
      <CardHeader title={title} />
      <CardBody>
        <figure aria-label={label} className="h-48">
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </figure>
      </CardBody>
    </Card>
  );
}

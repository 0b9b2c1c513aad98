import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "../schemas";
import {
  executionCallChain, executionPerformance, executionStats, executionTimeline, getExecutionLog, getExecutionStep, listExecutionLogs, listExecutionSteps,
} from "../service/execution-logs";
import { executionsPerDay, monitoringOverview, nodeTypeUsage, recentActivities } from "../service/monitoring";
import { collaboratorsOf } from "../service/collaboration";

const LOGS = ["Execution logs"];
const MONITORING = ["Monitoring"];
const COLLAB = ["Collaboration"];

/** Seed 004's execution-logs, monitoring and collaboration modules: reads of the caller's runs (administrators: everyone's). */
export const workflowObserveRoutes = [
  route({
    method: "GET", path: "/execution-logs", auth: "user", tags: LOGS,
    summary: "Runs you may read (yours, and of workflows you own or that are shared with you), newest first; filters: workflow_id, status, trigger, since, until",
    query: s.executionLogQuery, status: 200, response: s.executionLogPage, errors: [422],
    handler: (ctx, { query }) => listExecutionLogs(ctx, query),
  }),
  route({
    method: "GET", path: "/execution-logs/performance", auth: "user", tags: LOGS,
    summary: "The 10 slowest steps and, per node type, runs, failures, average and longest time over `days` (default 30); `workflow_id` filter",
    query: s.statsQuery, status: 200, response: s.performance, errors: [422],
    handler: (ctx, { query }) => executionPerformance(ctx, query),
  }),
  route({
    method: "GET", path: "/execution-logs/stats", auth: "user", tags: LOGS,
    summary: "Runs by status and by trigger, success rate (of finished runs) and average duration over `days` (default 30)",
    query: s.statsQuery, status: 200, response: s.stats, errors: [422],
    handler: (ctx, { query }) => executionStats(ctx, query),
  }),
  route({
    method: "GET", path: "/execution-logs/{execution_id}", auth: "user", tags: LOGS,
    summary: "One run with its input, output, error and timing",
    params: s.executionIdParam, status: 200, response: s.executionLog, errors: [404, 422],
    handler: (ctx, { params }) => getExecutionLog(ctx, params.execution_id),
  }),
  route({
    method: "GET", path: "/execution-logs/{execution_id}/steps", auth: "user", tags: LOGS,
    summary: "The run's steps in the order they started, each with input, output, logs, attempts and duration",
    params: s.executionIdParam, status: 200, response: s.stepLogList, errors: [404, 422],
    handler: (ctx, { params }) => listExecutionSteps(ctx, params.execution_id),
  }),
  route({
    method: "GET", path: "/execution-logs/{execution_id}/steps/{node_id}", auth: "user", tags: LOGS,
    summary: "One node's step in the run",
    params: s.executionNodeParams, status: 200, response: s.stepLog, errors: [404, 422],
    handler: (ctx, { params }) => getExecutionStep(ctx, params.execution_id, params.node_id),
  }),
  route({
    method: "GET", path: "/execution-logs/{execution_id}/timeline", auth: "user", tags: LOGS,
    summary: "Each step's start (ms after the run started) and duration: the bars of a Gantt chart",
    params: s.executionIdParam, status: 200, response: s.timeline, errors: [404, 422],
    handler: (ctx, { params }) => executionTimeline(ctx, params.execution_id),
  }),
  route({
    method: "GET", path: "/execution-logs/{execution_id}/call-chain", auth: "user", tags: LOGS,
    summary: "The tree of runs from the top one: sub-workflow runs under the steps that started them, and the agents each run's agent steps ran",
    params: s.executionIdParam, status: 200, response: s.callChain, errors: [404, 422],
    handler: (ctx, { params }) => executionCallChain(ctx, params.execution_id),
  }),
  route({
    method: "GET", path: "/monitoring/overview", auth: "user", tags: MONITORING,
    summary: "Counts for the dashboard: workflows, runs by state, success rate, average duration, schedules on (`scope`: mine, or all for administrators)",
    status: 200, response: s.monitoringOverview,
    handler: (ctx) => monitoringOverview(ctx),
  }),
  route({
    method: "GET", path: "/monitoring/executions", auth: "user", tags: MONITORING,
    summary: "Runs per UTC day (total, succeeded, failed) over the last `days` (default 14, ≤ 90), every day listed",
    query: s.monitoringQuery, status: 200, response: s.executionsPerDay, errors: [422],
    handler: (ctx, { query }) => executionsPerDay(ctx, query.days),
  }),
  route({
    method: "GET", path: "/monitoring/node-types", auth: "user", tags: MONITORING,
    summary: "Steps per node type over `days`: how many ran, failed, and their average time",
    query: s.monitoringQuery, status: 200, response: s.nodeTypeUsage, errors: [422],
    handler: (ctx, { query }) => nodeTypeUsage(ctx, query.days),
  }),
  route({
    method: "GET", path: "/monitoring/activities", auth: "user", tags: MONITORING,
    summary: "The latest 50 events: runs started and finished, versions saved; newest first",
    status: 200, response: s.activities,
    handler: (ctx) => recentActivities(ctx),
  }),
  route({
    method: "GET", path: "/collaboration/{workflow_id}/users", auth: "user", tags: COLLAB,
    summary: "Who has the workflow open in the editor now (connected to /ws/collaboration/{workflow_id}), earliest first",
    params: s.workflowIdParam, status: 200, response: s.collaborators, errors: [404, 422],
    handler: (ctx, { params }) => collaboratorsOf(ctx, params.workflow_id),
  }),
];

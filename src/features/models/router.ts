import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { createConfig, deleteConfig, getConfig, listConfigs, updateConfig } from "./service/configs";
import { listPrices, setPrice } from "./service/prices";
import { testConfig } from "./service/test-connection";
import { listUsage } from "./service/usage";


export const modelsRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listConfigs(ctx)),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getConfig(ctx, input.id)),
  create: authedProcedure.input(s.modelConfigCreate).mutation(({ ctx, input }) => createConfig(ctx, input)),
  update: authedProcedure.input(idParam.extend({ patch: s.modelConfigUpdate })).mutation(({ ctx, input }) => updateConfig(ctx, input.id, input.patch)),
  remove: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteConfig(ctx, input.id)),
  test: authedProcedure.input(idParam).mutation(({ ctx, input }) => testConfig(ctx, input.id)),
  prices: createTRPCRouter({
    list: authedProcedure.query(({ ctx }) => listPrices(ctx)),
    set: authedProcedure.input(s.priceSet).mutation(({ ctx, input }) => setPrice(ctx, input)),
  }),
  usage: authedProcedure.input(s.usageQuery).query(({ ctx, input }) => listUsage(ctx, input)),
});

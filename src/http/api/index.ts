import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { registerAuthApi } from './auth.js';
import { registerHealth } from './health.js';
import { registerUnitApi } from './units.js';
import { registerUserApi } from './users.js';
import { registerAdminApi } from './admin.js';
import { registerCalendarApi } from './calendar.js';
import { registerProcedureApi } from './procedures.js';
import { registerDossierApi } from './dossiers.js';
import { registerDelegationApi } from './delegations.js';
import { registerSettingsApi } from './settings.js';
import { registerIndicesApi } from './indices.js';
import { registerStatisticsApi } from './statistics.js';

export async function registerApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerHealth(app, ctx);
  registerAuthApi(app, ctx);
  registerUnitApi(app, ctx);
  registerUserApi(app, ctx);
  registerAdminApi(app, ctx);
  registerCalendarApi(app, ctx);
  registerProcedureApi(app, ctx);
  registerDossierApi(app, ctx);
  registerDelegationApi(app, ctx);
  registerSettingsApi(app, ctx);
  registerIndicesApi(app, ctx);
  registerStatisticsApi(app, ctx);
}

export { disableInactiveAccounts } from './accounts.job';
export { resolveSession, type SessionResult } from './auth.service';
export { listSecretariatUsers } from './identity.repository';
export { identityRoutes } from './identity.routes';
export { allows, managesCitywide, type Owned, resolveScope, type Scope, scopeWhere } from './scope.policy';
export { currentPolicy } from './security.service';
export { countUsers, createFirstAdmin, createUser } from './users.service';

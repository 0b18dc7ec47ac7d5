/** Nest injection token for the validated, frozen `AppConfig` (provided once by each app's root module). */
export const APP_CONFIG = Symbol('APP_CONFIG');

export {
  loadConfig,
  ConfigError,
  type AppConfig,
  type DatabaseTimeouts,
  type StoreKind,
  type LogLevel,
} from './app-config.js';
export { loadEnvFileIfPresent } from './env-file.js';

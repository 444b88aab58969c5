/** The iLusmart gateways: the register, claiming, commands, the configuration each is sent and the MQTT link. */
export {
  type BrokerCredentials,
  brokerCredentialsFromEnv,
  brokerEnv,
  dynsecBrokerCredentials,
  generateGatewayPassword,
  httpAuthBroker,
} from './broker-credentials';
export {
  CommandService,
  type CommandView,
  commandIdInput,
  DIAGNOSTIC_COMMANDS,
  diagnosticCommandInput,
  type SentCommand,
} from './commands';
export { type ConfigContributor, GatewayConfigService, modbusDevicesContributor } from './config';
export {
  claimCodeHash,
  GATEWAY_REVOKE_REASONS,
  GatewayService,
  gatewayRegisterInput,
  gatewayRevokeInput,
  generateClaimCode,
  type RegisterResult,
} from './gateways';
export { gatewayKeys, KEEP_REFUSED, type RefusedMessage } from './keys';
export { connectGatewayLink } from './link';

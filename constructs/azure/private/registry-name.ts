import { alphanumericAzureName } from './naming';

/** The domain of Azure Container Registry login servers (Azure public cloud). */
export const ACR_LOGIN_SERVER_DOMAIN = 'azurecr.io';

/** The registry name for a name prefix: `cr<prefix without hyphens>[suffix]`. */
export function acrRegistryName(namePrefix: string, nameSuffix?: string): string {
  return alphanumericAzureName('cr', namePrefix, nameSuffix);
}

/**
 * The login server of the registry a name prefix gets. Pure, so manifests built in another app can use it without
 * loading the azurerm provider.
 */
export function acrLoginServer(namePrefix: string, nameSuffix?: string): string {
  return `${acrRegistryName(namePrefix, nameSuffix)}.${ACR_LOGIN_SERVER_DOMAIN}`;
}

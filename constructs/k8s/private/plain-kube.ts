import {
  KubeConfigMap, KubeHorizontalPodAutoscalerV2, KubeNetworkPolicy, KubePodDisruptionBudget, KubeService,
  toJson_KubeConfigMapProps, toJson_KubeHorizontalPodAutoscalerV2Props, toJson_KubeNetworkPolicyProps,
  toJson_KubePodDisruptionBudgetProps, toJson_KubeServiceProps,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { plainRendered } from './plain-json';

// The generated classes the constructs create once or more per service, rendered without cdk8s's resolver walk
// (see plainApiObjectJson). Each is the generated class itself to its users: same type, same JSON.

/** `KubeNetworkPolicy`, rendered in one pass. */
export const PlainKubeNetworkPolicy = plainRendered(KubeNetworkPolicy, toJson_KubeNetworkPolicyProps);
/** `KubeService`, rendered in one pass. */
export const PlainKubeService = plainRendered(KubeService, toJson_KubeServiceProps);
/** `KubePodDisruptionBudget`, rendered in one pass. */
export const PlainKubePodDisruptionBudget = plainRendered(KubePodDisruptionBudget, toJson_KubePodDisruptionBudgetProps);
/** `KubeHorizontalPodAutoscalerV2`, rendered in one pass. */
export const PlainKubeHorizontalPodAutoscalerV2 = plainRendered(KubeHorizontalPodAutoscalerV2, toJson_KubeHorizontalPodAutoscalerV2Props);
/** `KubeConfigMap`, rendered in one pass. */
export const PlainKubeConfigMap = plainRendered(KubeConfigMap, toJson_KubeConfigMapProps);

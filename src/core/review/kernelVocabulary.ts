import { kernelFactsFilter, kernelFactsInfo } from './data/kernelFacts';
import { knowledgeFromBloom, type KernelKnowledge } from './names/kernelKnowledge';

export { kernelFactsInfo };

/**
 * The words and shared names of Debian's linux-source-6.12, mined by scripts/mine-kernel-vocabulary.ts. Queries read
 * the committed filter text directly: nothing is decoded or built when the engine starts.
 */
export const bundledKernelKnowledge: KernelKnowledge = knowledgeFromBloom(kernelFactsFilter);

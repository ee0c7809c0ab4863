import type { SubgraphName } from '../config';
import { credit } from './credit';
import { market } from './market';
import type { Subgraph } from './subgraph';

export const SUBGRAPHS: Record<SubgraphName, Subgraph> = { market, urban: undefined!, approval: undefined!, finance: undefined!, credit };

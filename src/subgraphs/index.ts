import type { SubgraphName } from '../config';
import { approval } from './approval';
import { credit } from './credit';
import { finance } from './finance';
import { market } from './market';
import type { Subgraph } from './subgraph';
import { urban } from './urban';

export const SUBGRAPHS: Record<SubgraphName, Subgraph> = { market, urban, approval, finance, credit };

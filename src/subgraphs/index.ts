// their classes are decorated: whoever imports them (the gateway too, for the policy table) needs the metadata API first
import 'reflect-metadata';
import { mergePolicies } from '../auth/policy';
import { DEPARTMENTS } from '../catalogue/types';
import type { SubgraphName } from '../config';
import { approval } from './approval';
import { credit } from './credit';
import { finance } from './finance';
import { market } from './market';
import type { Subgraph } from './subgraph';
import { urban } from './urban';

export const SUBGRAPHS: Record<SubgraphName, Subgraph> = { market, urban, approval, finance, credit };

/**
 * The policy table of the whole graph, merged from the subgraphs' slices: the credit office's first (the merchant
 * and its judgment), then each department's (its credit events, its records). The README shows it in this order.
 */
export const POLICY = mergePolicies([credit.policy, ...DEPARTMENTS.map((d) => SUBGRAPHS[d].policy)]);

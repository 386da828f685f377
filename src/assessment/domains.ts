import type { DomainRating, RiskDomain, RiskLevel } from '../db/schema.js';

/*
 * The domains of the expert risk assessment of him (seed 003: "his history of domestic and other
 * violence, his alcohol and drug use, his attitudes to his abuse and levels of denial ... the
 * impact of any exposure to violence on his or his partners' children"), in the order the form
 * asks them. Physical and sexual violence are rated apart: sexual abuse is the abuse most often
 * minimised (seed 000: Zoe "had felt too ashamed ... to mention the sexual abuse previously").
 */
export const RISK_DOMAINS = [
  'history_of_violence',
  'physical_violence',
  'sexual_violence',
  'coercive_control',
  'threats_to_kill',
  'strangulation',
  'weapons',
  'stalking',
  'substance_use',
  'mental_health',
  'attitudes_denial',
  'children_exposure',
  'separation_child_contact',
  'breaches_of_orders',
] as const satisfies readonly RiskDomain[];

export const RISK_DOMAIN_LABELS: Record<RiskDomain, string> = {
  history_of_violence: 'History of domestic abuse and other violence',
  physical_violence: 'Physical violence',
  sexual_violence: 'Sexual violence and abuse',
  coercive_control: 'Coercive control and jealousy',
  threats_to_kill: 'Threats to kill',
  strangulation: 'Strangulation, choking or suffocation',
  weapons: 'Use of weapons or objects',
  stalking: 'Stalking and harassment',
  substance_use: 'Alcohol and drug use',
  mental_health: 'Mental health',
  attitudes_denial: 'Attitudes, denial and minimisation',
  children_exposure: 'Children’s exposure to abuse',
  separation_child_contact: 'Separation and child contact',
  breaches_of_orders: 'Breaches of orders, bail or agreements',
};

export const DOMAIN_RATINGS = ['none', 'low', 'medium', 'high', 'not_known'] as const satisfies readonly DomainRating[];
export const DOMAIN_RATING_LABELS: Record<DomainRating, string> = {
  none: 'None',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  not_known: 'Not known',
};

export const RISK_LEVELS = ['standard', 'medium', 'high', 'very_high'] as const satisfies readonly RiskLevel[];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  standard: 'Standard',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

const LEVEL_RANK: Record<RiskLevel, number> = { standard: 0, medium: 1, high: 2, very_high: 3 };

/** Whether risk level `a` is higher than `b`. */
export function riskLevelAbove(a: RiskLevel, b: RiskLevel): boolean {
  return LEVEL_RANK[a] > LEVEL_RANK[b];
}

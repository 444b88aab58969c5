export * from './bill';
export * from './calendar';
export * from './capacity-tariff';
export * from './cheapest-hours';
export * from './decimal';
export * from './plausibility';
export * from './tariffs';

export { machineBusySeconds, ticksPerSecond } from './machine-cpu';
export { alternateSamples, compare, median, samplePeakRss, timeIt } from './measure';
export type { Row } from './report';
export { printTable } from './report';

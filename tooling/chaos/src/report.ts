/**
 * What one scenario measured (its figures, printed as one line) and every promise it found
 * broken. A scenario never stops at the first broken promise: the line shows all its figures.
 */
export class ScenarioReport {
  readonly scenario: string;
  readonly figures: [string, string | number][] = [];
  readonly failures: string[] = [];

  constructor(scenario: string) {
    this.scenario = scenario;
  }

  figure(name: string, value: string | number | undefined): void {
    this.figures.push([name, value ?? 'none']);
  }

  /** Records `message` as a failure unless `holds`. */
  expect(holds: boolean, message: string): void {
    if (!holds) this.failures.push(message);
  }

  line(): string {
    return `chaos: ${this.scenario} ${this.figures.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  }
}

export declare const LOCAL_DATABASE_URL: string;
export declare function diffDatamodels(input: {
  from: string | null;
  to: string;
  databaseUrl?: string;
}): Promise<string>;
export declare function isEmptyScript(sql: string): boolean;

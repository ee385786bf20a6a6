export declare function readDatamodel(schemaDir: string): Promise<string>;

export declare const DEV_SERVER_SPECS: readonly string[];
export declare const OWN_DEV_SERVER_SPECS: readonly string[];

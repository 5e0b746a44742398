/** The start script's Node flags and the absolute path of its entry point (package.json). */
export declare function startCommand(): { flags: string[]; entry: string };

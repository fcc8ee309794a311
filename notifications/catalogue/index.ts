// What the catalogue offers (the API may import this folder: the settings pages show and preview its texts).
export * from './catalogue';
export * from './pool-words';
